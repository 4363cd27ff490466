package dev.pgvitals.cli;

import dev.pgvitals.config.AgentConfig.Identity;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the node names itself in the cluster views (views.md's identity table). */
final class IdentityOptions {

  @Option(
      names = "--node-id",
      paramLabel = "ID",
      description =
          "Node id (default: env FLY_ALLOC_ID's first 8 chars, else a stable hash of host name and data directory).")
  String nodeId;

  @Option(
      names = "--region",
      paramLabel = "NAME",
      description = "Region (default: env FLY_REGION, else local).")
  String region;

  @Option(
      names = "--app",
      paramLabel = "NAME",
      description = "App name (default: env FLY_APP_NAME, else pg).")
  String app;

  @Option(
      names = "--version-label",
      paramLabel = "TEXT",
      description = "Version shown in views (default: the agent's version).")
  String versionLabel;

  @Option(
      names = "--check-type",
      paramLabel = "SCRIPT|HTTP",
      description =
          "Check type shown in views (default: SCRIPT for the seed format, HTTP for framework).")
  String checkType;

  Identity identity() {
    return new Identity(opt(nodeId), opt(region), opt(app), opt(versionLabel), opt(checkType));
  }

  private static Optional<String> opt(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
