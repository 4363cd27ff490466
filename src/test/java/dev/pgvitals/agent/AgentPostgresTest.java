package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The whole agent against a real primary and streaming replica, as the pg_monitor login: the pg and
 * role suites over HTTP, the PostgreSQL families in /metrics, and no endpoint that hangs while
 * PostgreSQL is frozen.
 */
class AgentPostgresTest extends AgentTest {

  static final Duration FAST = Duration.ofMillis(500);

  static AgentConfig.Builder config(PgNode node) {
    return TestAgents.config()
        .hostInterval(FAST)
        .pg(TestAgents.pg(node.monitorUrl(), FAST))
        .pgStatsInterval(Duration.ofSeconds(1))
        .pgSizesInterval(Duration.ofSeconds(2));
  }

  Agent start(PgNode node) throws Exception {
    return start(config(node).build());
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void leaderServesSeedPgAndRoleTexts(PgCluster pg) throws Exception {
    Agent agent = start(pg.primary());
    try {
      HttpResponse<String> r = get(agent, "/flycheck/pg");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body())
          .matches(
              "\\[✓] replication: currently leader\n"
                  + "\\[✓] connections: \\d+ used, 3 reserved, 50 max\n");
      assertThat(get(agent, "/flycheck/role").body()).isEqualTo("leader\n");
      assertThat(get(agent, "/flycheck/pg?format=framework").body())
          .matches(
              "\\[✓] transactions: read/write \\(.+\\)\n\\[✓] replication: currently leader \\(.+\\)\n"
                  + "\\[✓] connections: \\d+ used, 3 reserved, 50 max \\(.+\\)");

      Exposition e = Exposition.parse(get(agent, "/metrics").body());
      String server = pg.primary().host() + ":" + pg.primary().port();
      assertThat(e.family("pg_up").value("server", server)).isEqualTo(1);
      assertThat(e.family("pg_replication_is_replica").value("server", server)).isEqualTo(0);
      assertThat(e.family("pg_replication_lag").value("server", server)).isEqualTo(0);
      assertThat(e.family("pgvitals_check_passing").value("check", "pg")).isEqualTo(1);
      assertThat(e.family("pgvitals_role").value("role", "leader")).isEqualTo(1);
      assertThat(e.family("pgvitals_sample_success").value("sampler", "pg_fast")).isEqualTo(1);
      assertThat(e.family("pg_settings_max_connections").value("server", server)).isEqualTo(50);

      // The statistics samplers run in the agent too, each on its own timer.
      Wait.until(
          "pg_stats and pg_sizes sampled",
          Duration.ofSeconds(20),
          () -> {
            Exposition m = Exposition.parse(get(agent, "/metrics").body());
            return m.has("pg_stat_database_xact_commit") && m.has("pg_database_size_bytes");
          });
      Exposition stats = Exposition.parse(get(agent, "/metrics").body());
      assertThat(stats.family("pg_stat_database_xact_commit").type()).isEqualTo("untyped");
      assertThat(
              stats
                  .family("pg_stat_database_xact_commit")
                  .value("server", server, "datname", "postgres"))
          .isPositive();
      assertThat(stats.family("pg_stat_activity_count").where("datname", "postgres")).hasSize(6);
      assertThat(stats.family("pg_stat_bgwriter_buffers_alloc").samples()).hasSize(1);
      assertThat(
              stats.family("pg_database_size_bytes").value("server", server, "datname", "postgres"))
          .isPositive();
      assertThat(
              stats
                  .family("pg_stat_replication_pg_wal_lsn_diff")
                  .where("application_name", "replica"))
          .hasSize(1);
      for (String sampler :
          new String[] {"host", "pg_fast", "pg_leader", "pg_stats", "pg_sizes", "pg_catalog"}) {
        assertThat(stats.family("pgvitals_sample_success").value("sampler", sampler))
            .as(sampler)
            .isEqualTo(1);
      }
    } finally {
      agent.close();
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void replicaServesLeaderCheckLagAndRole(PgCluster pg) throws Exception {
    Agent agent = start(pg.replica());
    try {
      Wait.until(
          "replica pg suite passes",
          Duration.ofSeconds(30),
          () -> get(agent, "/flycheck/pg").statusCode() == 200);
      String body = get(agent, "/flycheck/pg").body();
      assertThat(body)
          .matches(
              "\\[✓] leader check: 127\\.0\\.0\\.1:"
                  + pg.primary().port()
                  + " connected\n"
                  + "\\[✓] replication lag: [0-9.]+(ns|µs|ms|s)?\n"
                  + "\\[✓] connections: \\d+ used, 3 reserved, 50 max\n");
      assertThat(get(agent, "/flycheck/role").body()).isEqualTo("replica\n");
      Exposition e = Exposition.parse(get(agent, "/metrics").body());
      assertThat(e.family("pg_replication_is_replica").value()).isEqualTo(1);
      assertThat(e.family("pgvitals_role").value("role", "replica")).isEqualTo(1);
    } finally {
      agent.close();
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void frozenPostgresNeverHangsAnEndpointAndRecovers(PgCluster pg) throws Exception {
    Agent agent = start(pg.primary());
    try {
      assertThat(get(agent, "/flycheck/pg").statusCode()).isEqualTo(200);
      pg.primary().freeze();
      try {
        // /metrics answers at once from the latest samples, and pg_up turns 0 once a sample fails.
        Wait.until(
            "pg_up drops to 0 while frozen",
            Duration.ofSeconds(30),
            () -> {
              long t0 = System.nanoTime();
              HttpResponse<String> m = get(agent, "/metrics");
              assertThat(Duration.ofNanos(System.nanoTime() - t0))
                  .isLessThan(Duration.ofSeconds(1));
              return Exposition.parse(m.body()).family("pg_up").value() == 0;
            });
        long t0 = System.nanoTime();
        HttpResponse<String> check = get(agent, "/flycheck/pg");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(check.statusCode()).isEqualTo(500);
        assertThat(check.body().lines()).hasSize(1);
        assertThat(check.body()).startsWith("failed to connect to local node: ");
        assertThat(get(agent, "/flycheck/role").body()).isEqualTo("offline\n");
        assertThat(get(agent, "/flycheck/vm").statusCode()).isEqualTo(200);
      } finally {
        pg.primary().thaw();
      }
      Wait.until(
          "pg suite recovers after thaw",
          Duration.ofSeconds(40),
          () -> get(agent, "/flycheck/pg").statusCode() == 200);
      assertThat(Exposition.parse(get(agent, "/metrics").body()).family("pg_up").value())
          .isEqualTo(1);
      // No pile-up: the agent holds at most its pool's connections.
      Wait.until(
          "agent backends settle at the pool size",
          Duration.ofSeconds(30),
          () ->
              Long.parseLong(
                      pg.primary()
                          .queryString(
                              "select count(*) from pg_stat_activity where application_name = 'pgvitals'"))
                  <= 2);
    } finally {
      agent.close();
    }
  }
}
