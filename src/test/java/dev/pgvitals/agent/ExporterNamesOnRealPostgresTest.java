package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.postgres.ExporterNames;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@code --pg-exporter-names}: the whole agent against a real leader and replica. By default (both)
 * postgres_exporter 0.11+'s second generation of names is in {@code /metrics} beside the seed's;
 * with {@code seed} every second-generation family is gone and every seed family stays.
 */
class ExporterNamesOnRealPostgresTest extends AgentTest {

  /**
   * The second generation of docs/metrics-mapping.md ("Both generations of names"), on every major.
   */
  static final List<String> SECOND_GENERATION =
      List.of(
          "pg_stat_bgwriter_checkpoints_timed_total",
          "pg_stat_bgwriter_checkpoints_req_total",
          "pg_stat_bgwriter_checkpoint_write_time_total",
          "pg_stat_bgwriter_checkpoint_sync_time_total",
          "pg_stat_bgwriter_buffers_checkpoint_total",
          "pg_stat_bgwriter_buffers_clean_total",
          "pg_stat_bgwriter_maxwritten_clean_total",
          "pg_stat_bgwriter_buffers_backend_total",
          "pg_stat_bgwriter_buffers_backend_fsync_total",
          "pg_stat_bgwriter_buffers_alloc_total",
          "pg_stat_bgwriter_stats_reset_total",
          "pg_replication_lag_seconds",
          "pg_replication_last_replay_seconds");

  /** The same on 17+ (the view does not exist before). */
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

  /** Seed names (metrics.md) that must stay whatever the flag says. */
  static final List<String> SEED =
      List.of(
          "pg_up",
          "pg_replication_lag",
          "pg_replication_is_replica",
          "pg_static",
          "pg_postmaster_start_time_seconds",
          "pg_stat_bgwriter_checkpoints_timed",
          "pg_stat_bgwriter_buffers_backend",
          "pg_stat_bgwriter_stats_reset",
          "pg_stat_database_xact_commit",
          "pg_stat_activity_count",
          "pg_stat_archiver_archived_count",
          "pg_stat_database_conflicts_confl_lock");

  static final Duration FAST = Duration.ofMillis(500);

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void secondGenerationIsThereByDefaultAndGoneWithSeed(PgCluster pg) throws Exception {
    for (PgNode node : pg.nodes()) {
      List<String> second = new java.util.ArrayList<>(SECOND_GENERATION);
      if (pg.major() >= 17) {
        second.addAll(CHECKPOINTER);
      }
      Exposition both = metrics(node, null);
      for (String name : second) {
        assertThat(both.has(name)).as("%s by default on %s", name, node.name()).isTrue();
      }
      for (String name : SEED) {
        assertThat(both.has(name)).as("%s by default on %s", name, node.name()).isTrue();
      }

      Exposition seed = metrics(node, ExporterNames.SEED);
      for (String name : second) {
        assertThat(seed.has(name)).as("%s with seed on %s", name, node.name()).isFalse();
      }
      assertThat(seed.families().keySet())
          .as("no second-generation family left on " + node.name())
          .noneMatch(n -> n.startsWith("pg_stat_bgwriter_") && n.endsWith("_total"))
          .noneMatch(n -> n.startsWith("pg_stat_checkpointer_"));
      for (String name : SEED) {
        assertThat(seed.has(name)).as("%s with seed on %s", name, node.name()).isTrue();
      }
      // the families that have one name only are not the flag's business
      assertThat(seed.has("pg_locks_count")).isTrue();
      assertThat(seed.has("pg_settings_shared_buffers_bytes")).isTrue();
    }
  }

  /**
   * One agent on {@code node} (names null = the default), its /metrics once pg_stats has a sample.
   */
  private Exposition metrics(PgNode node, ExporterNames names) throws Exception {
    PgConfig pg =
        PgConfig.defaults()
            .withPgUrl(node.monitorUrl())
            .withIntervals(FAST, FAST)
            .withConnectTimeout(Duration.ofSeconds(1));
    if (names != null) {
      pg = pg.withExporterNames(names);
    }
    Path fixture = Path.of("src/test/resources/agent/passing").toAbsolutePath();
    AgentConfig config =
        TestAgents.config()
            .procRoot(fixture.toString())
            .hostInterval(FAST)
            .pg(pg)
            .pgStatsInterval(Duration.ofSeconds(1))
            .pgSizesInterval(Duration.ofSeconds(2))
            .build();
    Agent agent = start(config);
    try {
      Wait.until(
          "pg_fast and pg_stats sampled",
          Duration.ofSeconds(20),
          () -> {
            Exposition m = Exposition.parse(get(agent, "/metrics").body());
            return m.has("pg_stat_database_xact_commit") && m.has("pg_replication_lag");
          });
      return Exposition.parse(get(agent, "/metrics").body());
    } finally {
      agent.close().await(10, TimeUnit.SECONDS);
    }
  }
}
