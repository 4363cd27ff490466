package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.metrics.Exposition.Family;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** postgres_exporter's self-monitoring families, from the PostgreSQL samplers' latest samples. */
class PgExporterHealthCollectorTest {

  static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  final LatestSample<String> fast = new LatestSample<>("pg_fast");
  final LatestSample<String> stats = new LatestSample<>("pg_stats");
  final LatestSample<String> sizes = new LatestSample<>("pg_sizes");
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  PgExporterHealthCollectorTest() {
    registry
        .getPrometheusRegistry()
        .register(new PgExporterHealthCollector(stats, List.of(fast, stats, sizes)));
  }

  Map<String, Family> scrape() {
    return Exposition.parse(registry.scrape()).families();
  }

  @Test
  void beforeAnySampleTheLastScrapeIsAnErrorAndNoRoundWasCounted() {
    Map<String, Family> f = scrape();
    assertThat(f.get("pg_exporter_last_scrape_error").value()).isEqualTo(1);
    assertThat(f.get("pg_exporter_scrapes_total").value()).isZero();
    assertThat(f.get("pg_exporter_scrapes_total").type()).isEqualTo("counter");
    assertThat(f.get("pg_scrape_collector_success").value("collector", "pg_stats")).isZero();
    assertThat(f)
        .doesNotContainKeys(
            "pg_exporter_last_scrape_duration_seconds", "pg_scrape_collector_duration_seconds");
  }

  @Test
  void successDurationAndRoundsFollowTheSamplers() {
    fast.set(Sample.ok("pg_fast", "x", AT, Duration.ofMillis(2)));
    stats.set(Sample.ok("pg_stats", "x", AT, Duration.ofMillis(40)));
    stats.set(Sample.ok("pg_stats", "x", AT.plusSeconds(15), Duration.ofMillis(30)));
    sizes.set(Sample.ok("pg_sizes", "x", AT, Duration.ofMillis(7)));

    Map<String, Family> f = scrape();
    assertThat(f.get("pg_exporter_last_scrape_error").value()).isZero();
    assertThat(f.get("pg_exporter_last_scrape_duration_seconds").value()).isEqualTo(0.03);
    assertThat(f.get("pg_exporter_scrapes_total").value()).isEqualTo(2);
    assertThat(f.get("pg_scrape_collector_success").samples())
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.value()).isEqualTo(1));
    assertThat(f.get("pg_scrape_collector_duration_seconds").value("collector", "pg_sizes"))
        .isEqualTo(0.007);

    sizes.set(Sample.failed("pg_sizes", "timed out", AT.plusSeconds(60), Duration.ofSeconds(5)));
    f = scrape();
    assertThat(f.get("pg_exporter_last_scrape_error").value()).isEqualTo(1);
    assertThat(f.get("pg_scrape_collector_success").value("collector", "pg_sizes")).isZero();
    assertThat(f.get("pg_scrape_collector_success").value("collector", "pg_stats")).isEqualTo(1);
    assertThat(f.get("pg_scrape_collector_duration_seconds").value("collector", "pg_sizes"))
        .isEqualTo(5);
  }

  @Test
  void aPgTablesRoundWithAnUnreadDatabaseIsAScrapeErrorThoughItsSampleIsOk() {
    LatestSample<PgTableStatsSnapshot> tables = new LatestSample<>("pg_tables");
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    r.getPrometheusRegistry()
        .register(new PgExporterHealthCollector(stats, List.of(fast, stats, sizes, tables)));
    for (LatestSample<String> l : List.of(fast, stats, sizes)) {
      l.set(Sample.ok(l.sampler(), "x", AT, Duration.ofMillis(2)));
    }
    PgTableStatsSnapshot.Database app =
        PgTableStatsSnapshot.Database.ok("app", List.of(), List.of(), 0);
    tables.set(
        Sample.ok(
            "pg_tables",
            new PgTableStatsSnapshot("h:5432", List.of(app)),
            AT,
            Duration.ofMillis(9)));
    Map<String, Family> f = Exposition.parse(r.scrape()).families();
    assertThat(f.get("pg_scrape_collector_success").value("collector", "pg_tables")).isEqualTo(1);
    assertThat(f.get("pg_exporter_last_scrape_error").value()).isZero();

    PgTableStatsSnapshot.Database gone =
        PgTableStatsSnapshot.Database.failed("gone", "database \"gone\" does not exist");
    tables.set(
        Sample.ok(
            "pg_tables",
            new PgTableStatsSnapshot("h:5432", List.of(app, gone)),
            AT,
            Duration.ofMillis(9)));
    f = Exposition.parse(r.scrape()).families();
    assertThat(f.get("pg_scrape_collector_success").value("collector", "pg_tables")).isZero();
    assertThat(f.get("pg_scrape_collector_success").value("collector", "pg_stats")).isEqualTo(1);
    assertThat(f.get("pg_exporter_last_scrape_error").value()).isEqualTo(1);
  }
}
