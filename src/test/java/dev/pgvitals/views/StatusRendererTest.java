package dev.pgvitals.views;

import static dev.pgvitals.cluster.Samples.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.CheckStatus;
import dev.pgvitals.cluster.CheckType;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.cluster.Samples;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRendererTest {

  /** The sample's Instances block: from its title to the end, without the final empty line. */
  private static List<String> goldenInstances() {
    List<String> sample = Golden.sample("status.txt");
    List<String> block = sample.subList(sample.indexOf("Instances"), sample.size());
    while (block.get(block.size() - 1).isEmpty()) {
      block = block.subList(0, block.size() - 1);
    }
    return block;
  }

  @Test
  void instancesBlockReproducesTheGoldenSample() {
    String text =
        StatusRenderer.render("test-postgres", List.of(Samples.replica(), Samples.leader()));
    List<String> lines = Golden.lines(text);
    assertThat(lines.subList(lines.indexOf("Instances"), lines.size()))
        .containsExactlyElementsOf(goldenInstances());
  }

  @Test
  void appBlockShowsWhatTheAgentsKnow() {
    String text =
        StatusRenderer.render("test-postgres", List.of(Samples.replica(), Samples.leader()));
    assertThat(Golden.lines(text).subList(0, 6))
        .containsExactly(
            "App",
            "  Name    = test-postgres",
            "  Nodes   = 2",
            "  Leader  = da8141e7",
            "  Version = 6",
            "");
  }

  @Test
  void unreachableAndStartingNodesAreRowsNotErrors() {
    NodeReport down = NodeReport.unreachable("10.0.0.9:5500", "pg", "timed out after 2000 ms", NOW);
    NodeReport starting =
        NodeReport.of(
            new NodeIdentity(
                "0badc0de", "local", "pg", "0.1.0", Instant.parse("2021-02-19T22:59:58Z"), 0, null),
            List.of(),
            List.of(),
            List.of());
    String text = StatusRenderer.render("pg", List.of(Samples.leader(), starting, down));
    assertThat(Golden.lines(text))
        .containsExactly(
            "App",
            "  Name    = pg",
            "  Nodes   = 3 (1 unreachable)",
            "  Leader  = da8141e7",
            "  Version = 6, 0.1.0",
            "",
            "Instances",
            "ID            VERSION REGION DESIRED STATUS             HEALTH CHECKS       RESTARTS CREATED",
            "da8141e7      6       iad    run     running (leader)   3 total, 3 passing  0        2021-02-10T23:21:21Z",
            "0badc0de      0.1.0   local  run     running (starting) 0 total             0        2021-02-19T22:59:58Z",
            "10.0.0.9:5500 -       -      run     unreachable        3 total, 3 critical -        -");
  }

  @Test
  void twoLeadersAreBothListed() {
    NodeReport other =
        NodeReport.of(
            Samples.replica().identity().withRole("leader"),
            Samples.replica().checks(),
            List.of(),
            List.of());
    String text = StatusRenderer.render("pg-app", List.of(other, Samples.leader()));
    assertThat(text).contains("  Leader  = 6b97fa06, da8141e7\n");
  }

  @Test
  void noNodesPrintsNoLeaderAndAnEmptyTable() {
    assertThat(StatusRenderer.render("pg", List.of()))
        .isEqualTo(
            """
        App
          Name    = pg
          Nodes   = 0
          Leader  = none
          Version = -

        Instances
        ID VERSION REGION DESIRED STATUS HEALTH CHECKS RESTARTS CREATED
        """);
  }

  @Test
  void healthSummaryCountsOnlyNonZeroStates() {
    Instant t = NOW;
    NodeReport mixed =
        NodeReport.of(
            Samples.leader().identity(),
            List.of(
                new CheckReport("vm", CheckStatus.CRITICAL, "x", t, CheckType.SCRIPT),
                new CheckReport("pg", CheckStatus.WARNING, "x", t, CheckType.SCRIPT),
                new CheckReport("role", CheckStatus.PASSING, "leader", t, CheckType.SCRIPT)),
            List.of(),
            List.of());
    assertThat(InstanceSummary.healthChecks(mixed))
        .isEqualTo("3 total, 1 passing, 1 warning, 1 critical");
  }
}
