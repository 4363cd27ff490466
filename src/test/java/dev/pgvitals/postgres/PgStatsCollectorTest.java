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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pg_stat_* families as a real PrometheusMeterRegistry writes them, from hand-made snapshots.
 */
class PgStatsCollectorTest {

  static final String SERVER = "10.0.0.7:5432";
  static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  static final List<String> BGWRITER =
      List.of(
          "pg_stat_bgwriter_checkpoints_timed",
          "pg_stat_bgwriter_checkpoints_req",
          "pg_stat_bgwriter_checkpoint_write_time",
          "pg_stat_bgwriter_checkpoint_sync_time",
          "pg_stat_bgwriter_buffers_checkpoint",
          "pg_stat_bgwriter_buffers_clean",
          "pg_stat_bgwriter_maxwritten_clean",
          "pg_stat_bgwriter_buffers_backend",
          "pg_stat_bgwriter_buffers_backend_fsync",
          "pg_stat_bgwriter_buffers_alloc",
          "pg_stat_bgwriter_stats_reset");

  /** postgres_exporter 0.11+'s names of the same counters. */
  static final List<String> BGWRITER_TOTAL = BGWRITER.stream().map(n -> n + "_total").toList();

  static final List<String> CHECKPOINTER =
      List.of(
          "pg_stat_checkpointer_num_timed_total",
          "pg_stat_checkpointer_num_requested_total",
          "pg_stat_checkpointer_restartpoints_timed_total",
          "pg_stat_checkpointer_restartpoints_req_total",
          "pg_stat_checkpointer_restartpoints_done_total",
          "pg_stat_checkpointer_write_time_total",
          "pg_stat_checkpointer_sync_time_total",
          "pg_stat_checkpointer_buffers_written_total",
          "pg_stat_checkpointer_stats_reset_total");
  static final List<String> DATABASE_COUNTERS =
      List.of(
          "pg_stat_database_xact_commit", "pg_stat_database_xact_rollback",
          "pg_stat_database_blks_read", "pg_stat_database_blks_hit",
          "pg_stat_database_tup_returned", "pg_stat_database_tup_fetched",
          "pg_stat_database_tup_inserted", "pg_stat_database_tup_updated",
          "pg_stat_database_tup_deleted", "pg_stat_database_conflicts",
          "pg_stat_database_deadlocks", "pg_stat_database_temp_files",
          "pg_stat_database_temp_bytes", "pg_stat_database_blk_read_time",
          "pg_stat_database_blk_write_time", "pg_stat_database_stats_reset");
  static final List<String> CONFLICT_COUNTERS =
      List.of(
          "pg_stat_database_conflicts_confl_tablespace",
          "pg_stat_database_conflicts_confl_lock",
          "pg_stat_database_conflicts_confl_snapshot",
          "pg_stat_database_conflicts_confl_bufferpin",
          "pg_stat_database_conflicts_confl_deadlock");
  static final List<String> REPLICATION =
      List.of(
          "pg_stat_replication_pg_current_wal_lsn_bytes",
          "pg_stat_replication_pg_wal_lsn_diff",
          "pg_stat_replication_reply_time");

  PrometheusMeterRegistry registry;
  LatestSample<PgStatsSnapshot> stats;
  LatestSample<PgSizesSnapshot> sizes;

  @BeforeEach
  void setUp() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    stats = new LatestSample<>(PgStatsSampler.NAME);
    sizes = new LatestSample<>(PgSizesSampler.NAME);
    registry.getPrometheusRegistry().register(new PgStatsCollector(stats));
    registry.getPrometheusRegistry().register(new PgSizesCollector(sizes));
  }

  static List<StatActivity> activity(String... datnames) {
    List<StatActivity> out = new ArrayList<>();
    for (String d : datnames) {
      for (String s : StatActivity.STATES) {
        out.add(new StatActivity(d, s, 0, 0));
      }
    }
    return out;
  }

  static StatDatabase database(String datid, String datname, long commits) {
    return new StatDatabase(
        datid, datname, 2, commits, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 12, 1.5, 2.5, 1.7e9,
        2500.0);
  }

  static PgStatsSnapshot snapshot(List<StatActivity> activity, List<StatReplication> replication) {
    return PgStatsSnapshot.builder(SERVER, 17)
        .with(StatActivity.VIEW, activity)
        .with(StatArchiver.VIEW, new StatArchiver(41, 2, null))
        .with(
            StatBgwriter.VIEW,
            new StatBgwriter(1, 2, 3.25, 4.5, 5, 6, 7, 8, 9, 10, 1_767_225_600.5))
        .with(
            StatCheckpointer.VIEW,
            new StatCheckpointer(1, 2, 0, 0, 0, 3.25, 4.5, 5, 1_767_225_600.5))
        .with(
            StatDatabase.VIEW, List.of(database("5", "postgres", 100), database("16384", "app", 7)))
        .with(
            StatDatabaseConflicts.VIEW,
            List.of(
                new StatDatabaseConflicts("5", "postgres", 1, 2, 3, 4, 5),
                new StatDatabaseConflicts("16384", "app", 0, 0, 0, 0, 0)))
        .with(StatReplication.VIEW, replication)
        .build();
  }

  Map<String, Family> scrape() {
    return Exposition.parse(registry.scrape()).families();
  }

  @Test
  void everyFamilyHasItsExactNameTypeHelpAndLabels() {
    stats.set(
        Sample.ok(
            PgStatsSampler.NAME,
            snapshot(
                activity("postgres", "app"),
                List.of(
                    new StatReplication(
                        "replica1", "10.0.0.8", "streaming", "slot_a", 5e9, 1024.0, 1.7e9))),
            AT,
            Duration.ofMillis(3)));
    sizes.set(
        Sample.ok(
            PgSizesSampler.NAME,
            new PgSizesSnapshot(
                SERVER,
                List.of(
                    new DatabaseSize("app", 123456789L), new DatabaseSize("postgres", 7_500_000L))),
            AT,
            Duration.ofMillis(3)));

    Map<String, Family> f = scrape();

    for (String gauge : List.of("pg_stat_activity_count", "pg_stat_activity_max_tx_duration")) {
      assertFamily(f, gauge, "gauge", Set.of("server", "datname", "state"), 12);
    }
    for (String counter :
        List.of("pg_stat_archiver_archived_count", "pg_stat_archiver_failed_count")) {
      assertFamily(f, counter, "untyped", Set.of("server"), 1);
    }
    for (String counter : BGWRITER) {
      assertFamily(f, counter, "untyped", Set.of("server"), 1);
    }
    for (String counter : BGWRITER_TOTAL) {
      assertFamily(f, counter, "untyped", Set.of("server"), 1);
    }
    for (String counter : CHECKPOINTER) {
      assertFamily(f, counter, "counter", Set.of("server"), 1);
    }
    assertFamily(
        f,
        "pg_stat_database_active_time_seconds_total",
        "counter",
        Set.of("server", "datid", "datname"),
        2);
    assertFamily(
        f, "pg_stat_database_numbackends", "gauge", Set.of("server", "datid", "datname"), 2);
    for (String counter : DATABASE_COUNTERS) {
      assertFamily(f, counter, "untyped", Set.of("server", "datid", "datname"), 2);
    }
    for (String counter : CONFLICT_COUNTERS) {
      assertFamily(f, counter, "untyped", Set.of("server", "datid", "datname"), 2);
    }
    for (String gauge : REPLICATION) {
      assertFamily(
          f,
          gauge,
          "gauge",
          Set.of("server", "application_name", "client_addr", "state", "slot_name"),
          1);
    }
    assertFamily(f, "pg_database_size_bytes", "gauge", Set.of("server", "datname"), 2);
    // nothing else, and no first-generation counter gained a _total suffix
    assertThat(f.keySet())
        .hasSize(
            2
                + 2
                + 2 * BGWRITER.size()
                + CHECKPOINTER.size()
                + 1
                + DATABASE_COUNTERS.size()
                + 1
                + CONFLICT_COUNTERS.size()
                + REPLICATION.size()
                + 1);
    assertThat(f.keySet())
        .filteredOn(n -> n.endsWith("_total"))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.of(
                    BGWRITER_TOTAL,
                    CHECKPOINTER,
                    List.of("pg_stat_database_active_time_seconds_total"))
                .flatMap(List::stream)
                .toList());
  }

  @Test
  void valuesComeFromTheSnapshot() {
    stats.set(
        Sample.ok(
            PgStatsSampler.NAME,
            snapshot(
                List.of(
                    new StatActivity("app", "active", 3, 12.5),
                    new StatActivity("app", "idle", 9, 0)),
                List.of(
                    new StatReplication(
                        "replica1", "10.0.0.8", "streaming", "slot_a", 5e9, 1024.0, 1.7e9))),
            AT,
            Duration.ofMillis(3)));
    sizes.set(
        Sample.ok(
            PgSizesSampler.NAME,
            new PgSizesSnapshot(SERVER, List.of(new DatabaseSize("app", 123456789L))),
            AT,
            Duration.ofMillis(3)));

    Map<String, Family> f = scrape();

    assertThat(f.get("pg_stat_activity_count").value("datname", "app", "state", "active"))
        .isEqualTo(3);
    assertThat(f.get("pg_stat_activity_count").value("datname", "app", "state", "idle"))
        .isEqualTo(9);
    assertThat(f.get("pg_stat_activity_max_tx_duration").value("datname", "app", "state", "active"))
        .isEqualTo(12.5);
    assertThat(f.get("pg_stat_archiver_archived_count").value("server", SERVER)).isEqualTo(41);
    assertThat(f.get("pg_stat_archiver_failed_count").value()).isEqualTo(2);
    assertThat(f.get("pg_stat_bgwriter_checkpoint_write_time").value()).isEqualTo(3.25);
    assertThat(f.get("pg_stat_bgwriter_buffers_backend_fsync").value()).isEqualTo(9);
    assertThat(f.get("pg_stat_bgwriter_stats_reset").value()).isEqualTo(1_767_225_600.5);
    assertThat(f.get("pg_stat_database_xact_commit").value("datid", "5", "datname", "postgres"))
        .isEqualTo(100);
    assertThat(f.get("pg_stat_database_xact_commit").value("datid", "16384", "datname", "app"))
        .isEqualTo(7);
    assertThat(f.get("pg_stat_database_blk_write_time").value("datname", "app")).isEqualTo(2.5);
    assertThat(f.get("pg_stat_database_conflicts_confl_bufferpin").value("datname", "postgres"))
        .isEqualTo(4);
    Family diff = f.get("pg_stat_replication_pg_wal_lsn_diff");
    assertThat(diff.samples().get(0).labels())
        .isEqualTo(
            Map.of(
                "server",
                SERVER,
                "application_name",
                "replica1",
                "client_addr",
                "10.0.0.8",
                "state",
                "streaming",
                "slot_name",
                "slot_a"));
    assertThat(diff.value()).isEqualTo(1024);
    assertThat(f.get("pg_stat_replication_pg_current_wal_lsn_bytes").value()).isEqualTo(5e9);
    assertThat(f.get("pg_stat_replication_reply_time").value()).isEqualTo(1.7e9);
    assertThat(f.get("pg_database_size_bytes").value("datname", "app")).isEqualTo(123456789);
  }

  @Test
  void countersSayCounterInTheirHelpAndGaugesDoNot() {
    stats.set(
        Sample.ok(PgStatsSampler.NAME, snapshot(activity("app"), List.of()), AT, Duration.ZERO));

    Map<String, Family> f = scrape();

    assertThat(f.values()).allSatisfy(fam -> assertThat(fam.help()).isNotBlank());
    assertThat(f.values())
        .filteredOn(fam -> fam.type().equals("untyped"))
        .isNotEmpty()
        .allSatisfy(fam -> assertThat(fam.help()).endsWith("(counter)"));
    assertThat(f.values())
        .filteredOn(fam -> fam.type().equals("gauge"))
        .isNotEmpty()
        .allSatisfy(fam -> assertThat(fam.help()).doesNotContain("counter"));
  }

  @Test
  void openMetricsKeepsTheNamesAndTypesCountersAsUnknown() {
    stats.set(
        Sample.ok(PgStatsSampler.NAME, snapshot(activity("app"), List.of()), AT, Duration.ZERO));

    Map<String, Family> f =
        Exposition.parse(
                registry.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8"))
            .families();

    assertThat(f.get("pg_stat_database_xact_commit").type()).isEqualTo("unknown");
    assertThat(f.get("pg_stat_database_xact_commit").samples())
        .allSatisfy(s -> assertThat(s.name()).isEqualTo("pg_stat_database_xact_commit"));
    assertThat(f.get("pg_stat_activity_count").type()).isEqualTo("gauge");
    assertThat(f.get("pg_stat_activity_count").samples())
        .allSatisfy(s -> assertThat(s.name()).isEqualTo("pg_stat_activity_count"));
    assertThat(f.get("pg_stat_bgwriter_buffers_alloc").value()).isEqualTo(10);
  }

  @Test
  void noWalsendersMeansNoReplicationFamilies() {
    stats.set(
        Sample.ok(PgStatsSampler.NAME, snapshot(activity("app"), List.of()), AT, Duration.ZERO));

    assertThat(scrape().keySet())
        .doesNotContainAnyElementsOf(REPLICATION)
        .contains("pg_stat_activity_count");
  }

  @Test
  void walsendersWithEqualLabelsBecomeOneSeriesWithTheLargestLagAndOldestReply() {
    stats.set(
        Sample.ok(
            PgStatsSampler.NAME,
            snapshot(
                activity("app"),
                List.of(
                    new StatReplication(
                        "walreceiver", "10.0.0.8", "streaming", null, 5000, 10.0, 200.0),
                    new StatReplication(
                        "walreceiver", "10.0.0.8", "streaming", null, 5000, 700.0, 100.0),
                    new StatReplication(
                        "walreceiver", "10.0.0.8", "streaming", "slot_b", 5000, 1.0, 300.0))),
            AT,
            Duration.ZERO));

    Map<String, Family> f = scrape();

    Family diff = f.get("pg_stat_replication_pg_wal_lsn_diff");
    assertThat(diff.samples()).hasSize(2);
    assertThat(diff.value("slot_name", "")).isEqualTo(700);
    assertThat(diff.value("slot_name", "slot_b")).isEqualTo(1);
    assertThat(f.get("pg_stat_replication_reply_time").value("slot_name", "")).isEqualTo(100);
    assertThat(f.get("pg_stat_replication_pg_current_wal_lsn_bytes").samples()).hasSize(2);
  }

  @Test
  void nullLabelsAreEmptyAndNullValuesLeaveOnlyTheirSeriesOut() {
    stats.set(
        Sample.ok(
            PgStatsSampler.NAME,
            snapshot(
                activity("app"),
                List.of(new StatReplication(null, null, "backup", null, 5000, null, null))),
            AT,
            Duration.ZERO));

    Map<String, Family> f = scrape();

    assertThat(f.get("pg_stat_replication_pg_current_wal_lsn_bytes").samples().get(0).labels())
        .isEqualTo(
            Map.of(
                "server",
                SERVER,
                "application_name",
                "",
                "client_addr",
                "",
                "state",
                "backup",
                "slot_name",
                ""));
    assertThat(f)
        .doesNotContainKeys(
            "pg_stat_replication_pg_wal_lsn_diff", "pg_stat_replication_reply_time");
  }

  @Test
  void aFailedSampleHidesOnlyThatSamplersFamilies() {
    stats.set(
        Sample.ok(PgStatsSampler.NAME, snapshot(activity("app"), List.of()), AT, Duration.ZERO));
    sizes.set(
        Sample.ok(
            PgSizesSampler.NAME,
            new PgSizesSnapshot(SERVER, List.of(new DatabaseSize("app", 1L))),
            AT,
            Duration.ZERO));
    assertThat(scrape()).containsKeys("pg_stat_activity_count", "pg_database_size_bytes");

    stats.set(Sample.failed(PgStatsSampler.NAME, "connection refused", AT, Duration.ZERO));

    Map<String, Family> f = scrape();
    assertThat(f.keySet()).noneMatch(n -> n.startsWith("pg_stat_"));
    assertThat(f.get("pg_database_size_bytes").value("datname", "app")).isEqualTo(1);

    sizes.set(Sample.failed(PgSizesSampler.NAME, "timed out", AT, Duration.ZERO));
    assertThat(scrape().keySet()).noneMatch(n -> n.startsWith("pg_"));
  }

  @Test
  void aNewSampleReplacesTheFamiliesBuiltForThePreviousOne() {
    sizes.set(
        Sample.ok(
            PgSizesSampler.NAME,
            new PgSizesSnapshot(SERVER, List.of(new DatabaseSize("app", 1L))),
            AT,
            Duration.ZERO));
    assertThat(scrape().get("pg_database_size_bytes").value("datname", "app")).isEqualTo(1);
    assertThat(scrape().get("pg_database_size_bytes").value("datname", "app")).isEqualTo(1);

    sizes.set(
        Sample.ok(
            PgSizesSampler.NAME,
            new PgSizesSnapshot(SERVER, List.of(new DatabaseSize("app", 2L))),
            AT.plusSeconds(60),
            Duration.ZERO));

    assertThat(scrape().get("pg_database_size_bytes").value("datname", "app")).isEqualTo(2);
  }

  @Test
  void nothingBeforeTheFirstSample() {
    assertThat(scrape().keySet()).noneMatch(n -> n.startsWith("pg_"));
  }

  static void assertFamily(
      Map<String, Family> f, String name, String type, Set<String> labels, int series) {
    assertThat(f).as("family %s", name).containsKey(name);
    Family fam = f.get(name);
    assertThat(fam.type()).as("type of %s", name).isEqualTo(type);
    assertThat(fam.help()).as("help of %s", name).isNotBlank();
    assertThat(fam.samples())
        .as("series of %s", name)
        .hasSize(series)
        .allSatisfy(
            s -> {
              assertThat(s.name()).isEqualTo(name);
              assertThat(s.labels().keySet()).isEqualTo(labels);
              assertThat(s.labels().get("server")).isEqualTo(SERVER);
            });
  }
}
