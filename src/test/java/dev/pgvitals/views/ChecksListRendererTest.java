package dev.pgvitals.views;

import static dev.pgvitals.cluster.Samples.NOW;
import static dev.pgvitals.cluster.Samples.ago;
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

class ChecksListRendererTest {

  @Test
  void reproducesTheGoldenSampleLineForLine() {
    String text =
        ChecksListRenderer.render("pg-app", List.of(Samples.replica(), Samples.leader()), NOW);
    Golden.assertLinesEqual(text, Golden.sample("checks-list.txt"));
  }

  @Test
  void noNodesPrintsTitleAndHeaderOnly() {
    assertThat(ChecksListRenderer.render("pg", List.of(), NOW))
        .isEqualTo(
            """
        Health Checks for pg
        NAME STATUS ALLOCATION REGION TYPE LAST UPDATED OUTPUT
        """);
  }

  @Test
  void unreachableNodeShowsEachSuiteCriticalWithTheReason() {
    NodeReport down =
        NodeReport.unreachable("10.0.0.7:5500", "pg-app", "connection refused", ago(3));
    String text = ChecksListRenderer.render("pg-app", List.of(down), NOW);
    assertThat(Golden.lines(text))
        .containsExactly(
            "Health Checks for pg-app",
            "NAME STATUS   ALLOCATION    REGION TYPE   LAST UPDATED OUTPUT",
            "vm   critical 10.0.0.7:5500 -      SCRIPT 3s ago       connection refused",
            "pg   critical 10.0.0.7:5500 -      SCRIPT 3s ago       connection refused",
            "role critical 10.0.0.7:5500 -      SCRIPT 3s ago       connection refused");
  }

  @Test
  void wideCellsWidenTheirColumnAndAWordLongerThan30WidensTheOutput() {
    NodeReport node =
        NodeReport.of(
            new NodeIdentity("0123456789abcdef", "ams-long", "pg", "1", NOW, 0, "leader"),
            List.of(
                new CheckReport(
                    "pg",
                    CheckStatus.PASSING,
                    "[✓] https://example.internal/some/very/long/path/x ok",
                    ago(1),
                    CheckType.HTTP)),
            List.of(),
            List.of());
    List<String> lines = Golden.lines(ChecksListRenderer.render("pg", List.of(node), NOW));
    assertThat(lines)
        .containsExactly(
            "Health Checks for pg",
            "NAME STATUS  ALLOCATION       REGION   TYPE LAST UPDATED OUTPUT",
            "pg   passing 0123456789abcdef ams-long HTTP 1s ago       [✓]",
            "                                                         https://example.internal/some/very/long/path/x",
            "                                                         ok");
  }

  @Test
  void outputColumnAlignsAfterWideCharacters() {
    // ✓ counts one column, a CJK ideograph two: "[✓] 容量容 aaaaaaaaaa bbbbbbbbbb" is 32
    // columns (29 code points), so it must break; the continuation line must still start under
    // OUTPUT although the ALLOCATION cell is 5 ideographs (10 columns).
    NodeReport node =
        NodeReport.of(
            new NodeIdentity("東京ノード", "nrt", "pg", "1", NOW, 0, "leader"),
            List.of(
                new CheckReport(
                    "vm",
                    CheckStatus.PASSING,
                    "[✓] 容量容 aaaaaaaaaa bbbbbbbbbb cccccccccc",
                    ago(0),
                    CheckType.SCRIPT)),
            List.of(),
            List.of());
    List<String> lines = Golden.lines(ChecksListRenderer.render("pg", List.of(node), NOW));
    assertThat(lines)
        .containsExactly(
            "Health Checks for pg",
            "NAME STATUS  ALLOCATION REGION TYPE   LAST UPDATED OUTPUT",
            "vm   passing 東京ノード nrt    SCRIPT just now     [✓] 容量容 aaaaaaaaaa",
            "                                                   bbbbbbbbbb cccccccccc");
  }

  @Test
  void lastUpdatedFormatsEachRange() {
    assertThat(InstanceSummary.lastUpdated(NOW.minusMillis(999), NOW)).isEqualTo("just now");
    assertThat(InstanceSummary.lastUpdated(NOW, NOW)).isEqualTo("just now");
    assertThat(InstanceSummary.lastUpdated(NOW.plusMillis(500), NOW)).isEqualTo("just now");
    assertThat(InstanceSummary.lastUpdated(ago(1), NOW)).isEqualTo("1s ago");
    assertThat(InstanceSummary.lastUpdated(ago(59), NOW)).isEqualTo("59s ago");
    assertThat(InstanceSummary.lastUpdated(ago(60), NOW)).isEqualTo("1m0s ago");
    assertThat(InstanceSummary.lastUpdated(ago(3599), NOW)).isEqualTo("59m59s ago");
    assertThat(InstanceSummary.lastUpdated(ago(3600), NOW)).isEqualTo("1h0m ago");
    assertThat(InstanceSummary.lastUpdated(ago(3 * 3600 + 5 * 60 + 59), NOW)).isEqualTo("3h5m ago");
    assertThat(InstanceSummary.lastUpdated(ago(24 * 3600), NOW)).isEqualTo("24h0m ago");
    assertThat(InstanceSummary.lastUpdated(ago(24 * 3600 + 1), NOW))
        .isEqualTo("2021-02-18T22:59:59Z");
  }

  @Test
  void changeInTheFutureBeyondOneSecondShowsTheTimestamp() {
    Instant skewed = NOW.plusSeconds(5);
    assertThat(InstanceSummary.lastUpdated(skewed, NOW)).isEqualTo("2021-02-19T23:00:05Z");
  }
}
