package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.CheckStatus;
import dev.pgvitals.cluster.CheckType;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.metrics.Metrics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet families: bounded output, one series per suite, nothing before the first result. */
class FleetCollectorTest {

  static final Instant T = Instant.parse("2021-02-19T22:54:35.125Z");
  static final NodeIdentity ID = new NodeIdentity("da8141e7", "iad", "pg-app", "6", T, 0, null);

  @Test
  void outputUpTo512CharactersIsKeptLongerIsCutTo511AndAnEllipsis() {
    String exact = "✓".repeat(512);
    assertThat(FleetCollector.truncate(exact)).isEqualTo(exact);
    String longer = "✓".repeat(600);
    String cut = FleetCollector.truncate(longer);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(512);
    assertThat(cut).isEqualTo("✓".repeat(511) + "…");
    // a character outside the BMP is never split in half
    String astral = "a" + "😀".repeat(600);
    String cutAstral = FleetCollector.truncate(astral);
    assertThat(cutAstral).isEqualTo("a" + "😀".repeat(510) + "…");
    assertThat(cutAstral.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(2048);
  }

  @Test
  void aNodeWithoutResultsExposesOnlyItsIdentity() {
    String text = scrape(NodeReport.of(ID, List.of(), List.of(), List.of()));
    assertThat(text)
        .contains(
            "pgvitals_node_info{node_app=\"pg-app\",node_id=\"da8141e7\",node_region=\"iad\",node_version=\"6\"} 1.0");
    assertThat(text).contains("pgvitals_node_restarts 0.0");
    assertThat(text)
        .doesNotContain("pgvitals_check_info")
        .doesNotContain("pgvitals_check_last_change");
  }

  @Test
  void oneInfoAndOneChangeSeriesPerSuiteWithTheTimeInMilliseconds() {
    String text =
        scrape(
            NodeReport.of(
                ID,
                List.of(
                    new CheckReport("vm", CheckStatus.PASSING, "[✓] ok\n", T, CheckType.HTTP),
                    new CheckReport(
                        "risk", CheckStatus.CRITICAL, "x".repeat(2000), T, CheckType.HTTP)),
                List.of(),
                List.of()));
    assertThat(text.lines().filter(l -> l.startsWith("pgvitals_check_info{"))).hasSize(2);
    assertThat(text)
        .contains(
            "pgvitals_check_info{check=\"vm\",output=\"[✓] ok\\n\",status=\"passing\",type=\"HTTP\"} 1.0");
    assertThat(text).contains("output=\"" + "x".repeat(511) + "…\"");
    assertThat(
            text.lines()
                .filter(
                    l ->
                        l.startsWith("pgvitals_check_last_change_timestamp_seconds{check=\"vm\"}")))
        .singleElement()
        .satisfies(l -> assertThat(Double.parseDouble(l.split(" ")[1])).isEqualTo(1613775275.125));
  }

  private static String scrape(NodeReport report) {
    try (Metrics metrics = new Metrics()) {
      metrics.register(new FleetCollector(() -> report));
      return metrics.scrape(Metrics.TEXT_004);
    }
  }
}
