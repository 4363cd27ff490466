package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.views.StatusRenderer;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code pgvitals status}: the App block and the Instances table (views.md). */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Ask every node about itself and print the cluster's instances (with --prometheus: read them "
          + "from Prometheus, one block per app).",
      "Exit 0 when every check of every node passes, 2 when one is critical, a node did not answer or two nodes are leader; 1 when --prometheus cannot be read."
    })
final class StatusCommand extends AppReportsCommand {
  @Override
  String render(String app, List<NodeReport> reports, Instant now) {
    return StatusRenderer.render(app, reports);
  }
}
