package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.views.ChecksListRenderer;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pgvitals checks list}. */
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Health checks of every node of a cluster.",
    subcommands = ChecksCommand.ListCommand.class)
final class ChecksCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw ClientCommand.missingSubcommand(spec);
  }

  /** Every node's vm, pg and role check as one table (views.md, {@code checks list}). */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      description = {
        "Ask every node for its checks and print them as one table (with --prometheus: read them from "
            + "Prometheus, one table per app).",
        "Exit 0 when every check of every node passes, 2 when one is critical, a node did not answer or two nodes are leader; 1 when --prometheus cannot be read."
      })
  static final class ListCommand extends AppReportsCommand {
    @Override
    String render(String app, List<NodeReport> reports, Instant now) {
      return ChecksListRenderer.render(app, reports, now);
    }
  }
}
