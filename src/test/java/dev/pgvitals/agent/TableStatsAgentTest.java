package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.PgSql;
import dev.pgvitals.testpg.Wait;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@code --pg-table-stats-databases} through the whole agent on a leader and its replica: the
 * per-table families come from the named databases (the {@code pg_tables} sampler), no longer from
 * the connected database's {@code pg_stats} round, and a database that cannot be read is visible
 * per database while the others report.
 */
class TableStatsAgentTest extends AgentTest {

  static final Duration FAST = Duration.ofMillis(500);

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void namedDatabasesReportTheirTablesOnLeaderAndReplica(PgCluster pg) throws Exception {
    String app = "tstats_agent_app";
    if (pg.primary().queryString("select 1 from pg_database where datname = '" + app + "'")
        == null) {
      pg.primary()
          .execute("create database " + app + (pg.major() >= 15 ? " strategy file_copy" : ""));
    }
    PgConnectOptions inApp = new PgConnectOptions(pg.primary().superuserOptions()).setDatabase(app);
    PgSql.query(
        inApp,
        "create table if not exists orders (i int); insert into orders values (1), (2)",
        PgSql.DEFAULT_TIMEOUT);
    // a table in the connected database, which is not named: its tables must not be read
    pg.primary().execute("create table if not exists tstats_agent_here (i int)");
    pg.awaitReplicaCaughtUp();
    for (PgNode node : pg.nodes()) {
      Agent agent = start(node, List.of(app, "tstats_agent_nosuch"));
      try {
        Exposition m =
            Wait.untilValue(
                "pg_tables sampled on " + node.name(),
                Duration.ofSeconds(30),
                () -> Exposition.parse(get(agent, "/metrics").body()),
                e ->
                    e.has("pgvitals_table_stats_success")
                        && e.has("pg_stat_user_tables_n_live_tup")
                        && e.has("pg_stat_database_xact_commit"));
        assertThat(
                m.family("pg_stat_user_tables_seq_scan").where("datname", app, "relname", "orders"))
            .hasSize(1);
        assertThat(m.family("pg_statio_user_tables_heap_blocks_hit").where("datname", app))
            .hasSize(1);
        assertThat(m.family("pg_stat_user_tables_seq_scan").where("datname", "postgres")).isEmpty();
        assertThat(m.family("pgvitals_table_stats_success").value("datname", app)).isEqualTo(1);
        assertThat(m.family("pgvitals_table_stats_success").value("datname", "tstats_agent_nosuch"))
            .isEqualTo(0);
        assertThat(m.family("pgvitals_sample_success").value("sampler", "pg_tables")).isEqualTo(1);
        // the round ran (its sample is ok) but one named database was not read: a scrape error
        assertThat(m.family("pg_scrape_collector_success").value("collector", "pg_tables"))
            .isEqualTo(0);
        assertThat(m.family("pg_exporter_last_scrape_error").value()).isEqualTo(1);
        assertThat(m.family("pgvitals_sample_success").value("sampler", "pg_stats")).isEqualTo(1);
      } finally {
        agent.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void starReadsTheDatabasesTheRoleMayConnectToAfterTheCatalogSample(PgCluster pg)
      throws Exception {
    PgNode node = pg.primary();
    Agent agent = start(node, List.of("*"));
    try {
      List<String> connectable =
          node
              .query(
                  "select datname from pg_database where not datistemplate"
                      + " and has_database_privilege('"
                      + PgCluster.MONITOR_USER
                      + "', oid, 'CONNECT') order by datname")
              .stream()
              .map(r -> (String) r.get("datname"))
              .toList();
      int read = Math.min(10, connectable.size());
      Exposition m =
          Wait.untilValue(
              "pg_tables read the catalog's databases",
              Duration.ofSeconds(30),
              () -> Exposition.parse(get(agent, "/metrics").body()),
              e ->
                  e.has("pgvitals_table_stats_success")
                      && e.family("pgvitals_table_stats_success").samples().size() == read);
      assertThat(m.family("pgvitals_table_stats_success").samples())
          .extracting(s -> s.labels().get("datname"))
          .containsExactlyInAnyOrderElementsOf(connectable.subList(0, read));
      assertThat(m.family("pgvitals_table_stats_databases_dropped").value())
          .isEqualTo(connectable.size() - read);
      assertThat(m.family("pgvitals_sample_success").value("sampler", "pg_tables")).isEqualTo(1);
    } finally {
      agent.close().await(10, TimeUnit.SECONDS);
    }
  }

  private Agent start(PgNode node, List<String> databases) throws Exception {
    PgConfig pg =
        PgConfig.defaults()
            .withPgUrl(node.monitorUrl())
            .withIntervals(FAST, FAST)
            .withConnectTimeout(Duration.ofSeconds(1))
            .withTableStatsDatabases(databases);
    Path fixture = Path.of("src/test/resources/agent/passing").toAbsolutePath();
    AgentConfig config =
        TestAgents.config()
            .procRoot(fixture.toString())
            .hostInterval(FAST)
            .pg(pg)
            .pgStatsInterval(Duration.ofSeconds(1))
            .pgSizesInterval(Duration.ofSeconds(2))
            .build();
    return start(config);
  }
}
