package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.RiskConfig;
import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The risk suite in the whole agent against a real primary, as the pg_monitor login: {@code
 * /flycheck/risk} in both formats, listed with the node's suites in the framework format and not in
 * the seed format unless asked, and its families in {@code /metrics}.
 */
class RiskAgentTest extends AgentTest {

  static final List<String> CHECKS =
      List.of(
          "wraparound",
          "replicationSlots",
          "archiving",
          "longTransaction",
          "idleInTransaction",
          "diskForecast");

  Agent start(PgNode node, CheckFormat format, Optional<Boolean> listed) throws Exception {
    AgentConfig config =
        AgentPostgresTest.config(node)
            .format(format)
            .risk(new RiskConfig(listed, Duration.ofSeconds(1), RiskConfig.DEFAULTS.thresholds()))
            .build();
    return start(config);
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void frameworkFormatListsTheRiskSuiteAndServesItsChecksAndFamilies(PgCluster pg)
      throws Exception {
    pg.awaitStreaming();
    Agent agent = start(pg.primary(), CheckFormat.FRAMEWORK, Optional.empty());
    try {
      HttpResponse<String> r = AgentPostgresTest.get(agent, "/flycheck/risk");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      List<String> lines = r.body().lines().toList();
      assertThat(lines).hasSize(CHECKS.size());
      for (int i = 0; i < CHECKS.size(); i++) {
        assertThat(lines.get(i)).startsWith("[✓] " + CHECKS.get(i) + ": ");
      }
      assertThat(lines.get(1)).contains("(" + PgCluster.SLOT + ")");

      JsonObject node = new JsonObject(AgentPostgresTest.get(agent, "/v1/node").body());
      assertThat(node.getJsonArray("checks").stream().map(o -> ((JsonObject) o).getString("name")))
          .containsExactly("vm", "pg", "role", "risk");

      Map<String, Exposition.Family> f =
          Exposition.parse(AgentPostgresTest.get(agent, "/metrics").body()).families();
      for (String name :
          List.of(
              "pgvitals_wraparound_xid_age",
              "pgvitals_wraparound_mxid_age",
              "pgvitals_slot_retained_wal_bytes",
              "pgvitals_slot_active",
              "pgvitals_slot_wal_status",
              "pgvitals_archive_enabled",
              "pgvitals_archive_failing",
              "pgvitals_archive_pending_segments",
              "pgvitals_archive_oldest_pending_age_seconds",
              "pgvitals_oldest_transaction_age_seconds",
              "pgvitals_oldest_idle_in_transaction_age_seconds",
              "pgvitals_oldest_prepared_transaction_age_seconds",
              "pgvitals_risk_check_passing")) {
        assertThat(f).as(name).containsKey(name);
        assertThat(f.get(name).type()).as(name).isEqualTo("gauge");
      }
      assertThat(f.get("pgvitals_wraparound_xid_age").value("datname", "template0"))
          .isGreaterThan(0);
      assertThat(f.get("pgvitals_slot_active").value("slot_name", PgCluster.SLOT)).isEqualTo(1);
      assertThat(
              f.get("pgvitals_slot_wal_status")
                  .value("slot_name", PgCluster.SLOT, "wal_status", "reserved"))
          .isEqualTo(1);
      assertThat(f.get("pgvitals_archive_enabled").value()).isEqualTo(0);
      for (String check : CHECKS) {
        assertThat(f.get("pgvitals_risk_check_passing").value("check", check))
            .as(check)
            .isEqualTo(1);
      }
      assertThat(f.get("pgvitals_sample_success").value("sampler", "pg_health")).isEqualTo(1);
      assertThat(f.get("pgvitals_check_passing").value("check", "risk")).isEqualTo(1);
    } finally {
      agent.close();
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void seedFormatKeepsItsThreeSuitesButStillServesFlycheckRisk(PgCluster pg) throws Exception {
    Agent agent = start(pg.primary(), CheckFormat.SEED, Optional.empty());
    try {
      HttpResponse<String> r = AgentPostgresTest.get(agent, "/flycheck/risk");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body())
          .startsWith("[✓] wraparound: xid age ")
          .endsWith("\n")
          .contains("[✓] replication slots: 1 slot");
      JsonObject node = new JsonObject(AgentPostgresTest.get(agent, "/v1/node").body());
      assertThat(node.getJsonArray("checks").stream().map(o -> ((JsonObject) o).getString("name")))
          .containsExactly("vm", "pg", "role");
    } finally {
      agent.close();
    }
    Agent listed = start(pg.primary(), CheckFormat.SEED, Optional.of(true));
    try {
      JsonObject node = new JsonObject(AgentPostgresTest.get(listed, "/v1/node").body());
      assertThat(node.getJsonArray("checks").stream().map(o -> ((JsonObject) o).getString("name")))
          .containsExactly("vm", "pg", "role", "risk");
    } finally {
      listed.close();
    }
  }
}
