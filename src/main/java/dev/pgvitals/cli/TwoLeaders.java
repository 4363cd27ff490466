package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The client's own split-brain rule for {@code checks list} and {@code status}: more than one
 * answering node whose role check says {@code leader}. It sees what no single agent can when the
 * agents do not know each other (no {@code --peers}) or cannot reach each other but the client
 * reaches both. The table stays as views.md prints it; the finding goes to stderr as one line and
 * the exit code is 2.
 */
final class TwoLeaders {

  private TwoLeaders() {}

  /** {@code split brain: 2 nodes report role leader: da8141e7 (10.0.0.5:5500), …}, or empty. */
  static Optional<String> of(List<NodeReport> reports) {
    List<NodeReport> leaders =
        reports.stream()
            .filter(NodeReport::reachable)
            .filter(r -> "leader".equals(r.identity().role()))
            .toList();
    if (leaders.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(
        "split brain: "
            + leaders.size()
            + " nodes report role leader: "
            + String.join(", ", leaders.stream().map(r -> r.identity().id()).toList())
            + " (see their pg checks for which one is stale)");
  }

  /** Prints the finding to stderr; returns the exit code: {@code code}, or 2 on two leaders. */
  static int flag(CommandLine cmd, List<NodeReport> reports, int code) {
    Optional<String> line = of(reports);
    if (line.isEmpty()) {
      return code;
    }
    cmd.getErr().println("pgvitals: " + line.get());
    cmd.getErr().flush();
    return ClientCommand.CRITICAL;
  }
}
