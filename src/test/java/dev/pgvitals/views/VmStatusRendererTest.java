package dev.pgvitals.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cluster.NodeEvent;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.cluster.Samples;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmStatusRendererTest {

  @Test
  void reproducesTheGoldenSampleLineForLine() {
    Golden.assertLinesEqual(
        VmStatusRenderer.render(Samples.leaderWithCpuPressure()), Golden.sample("vm-status.txt"));
  }

  @Test
  void unreachableNodeWithoutEventsOrLogs() {
    NodeReport down =
        NodeReport.unreachable(
            "[fdaa::3]:5500",
            "pg",
            "connect: connection refused",
            Instant.parse("2021-02-19T23:00:00Z"));
    assertThat(VmStatusRenderer.render(down))
        .isEqualTo(
            """
        Instance
          ID            = [fdaa::3]:5500
          Version       = -
          Region        = -
          Desired       = run
          Status        = unreachable
          Health Checks = 3 total, 3 critical
          Restarts      = -
          Created       = -

        Recent Events
        TIMESTAMP TYPE MESSAGE

        Checks
        ID   SERVICE STATE    OUTPUT
        vm   app     critical connect: connection refused

        pg   app     critical connect: connection refused

        role app     critical connect: connection refused


        Recent Logs
        """);
  }

  @Test
  void multiLineEventMessagesAreFlattenedToOneLine() {
    NodeReport node =
        NodeReport.of(
            Samples.leader().identity(),
            List.of(),
            List.of(
                new NodeEvent(
                    Instant.parse("2021-02-19T23:00:00Z"), "Restarted", "PostgreSQL\nrestarted")),
            List.of());
    assertThat(VmStatusRenderer.render(node))
        .contains("2021-02-19T23:00:00Z Restarted PostgreSQL restarted\n")
        .contains("Status        = running (starting)");
  }
}
