package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cluster.CheckStatus;
import dev.pgvitals.cluster.DatabaseInfo;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.cluster.UserInfo;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;

/** /v1/node, /v1/users, /v1/databases and the routing endpoints on a real leader and replica. */
class AgentNodeApiTest extends AgentTest {

  static final Duration FAST = Duration.ofMillis(500);
  static final String TOKEN = "s3cret-token";

  static AgentConfig config(PgNode node, String id) {
    return TestAgents.config()
        .hostInterval(FAST)
        .identity(TestAgents.flyIdentity(id))
        .pg(TestAgents.pg(node.monitorUrl(), FAST))
        .pgStatsInterval(Duration.ofSeconds(1))
        .pgSizesInterval(Duration.ofSeconds(1))
        .apiToken(TOKEN)
        .build();
  }

  Agent start(PgNode node, String id) throws Exception {
    return start(config(node, id));
  }

  static int status(Agent agent, String path) throws Exception {
    return get(agent, path).statusCode();
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void nodeReportRoutingAndCatalogOnLeaderAndReplica(PgCluster pg) throws Exception {
    Agent leader = start(pg.primary(), "da8141e7");
    Agent replica = start(pg.replica(), "6b97fa06");
    try {
      Wait.until(
          "replica pg suite passes",
          Duration.ofSeconds(30),
          () -> status(replica, "/flycheck/pg") == 200);

      NodeReport l = NodeReport.parse(get(leader, "/v1/node").body());
      assertThat(l.identity().id()).isEqualTo("da8141e7");
      assertThat(l.identity().region()).isEqualTo("iad");
      assertThat(l.identity().app()).isEqualTo("pg-app");
      assertThat(l.identity().version()).isEqualTo("6");
      assertThat(l.identity().role()).isEqualTo("leader");
      assertThat(l.identity().created()).isNotNull();
      assertThat(l.checksInSuiteOrder())
          .extracting(c -> c.name())
          .containsExactly("vm", "pg", "role");
      assertThat(l.checksInSuiteOrder()).allMatch(c -> c.status() == CheckStatus.PASSING);
      assertThat(l.check("role").orElseThrow().output()).isEqualTo("leader\n");
      assertThat(l.events()).extracting(e -> e.type()).contains("Started");
      assertThat(l.logs())
          .anyMatch(
              line ->
                  line.contains(
                      "[info] [HEALTHCHECK] [pg: passing] [✓] replication: currently leader↩︎"));
      assertThat(NodeReport.parse(get(replica, "/v1/node").body()).identity().role())
          .isEqualTo("replica");

      assertThat(status(leader, "/leader")).isEqualTo(200);
      assertThat(status(leader, "/primary")).isEqualTo(200);
      assertThat(status(leader, "/replica")).isEqualTo(503);
      assertThat(status(replica, "/leader")).isEqualTo(503);
      assertThat(status(replica, "/primary")).isEqualTo(503);
      assertThat(status(replica, "/replica")).isEqualTo(200);
      assertThat(status(replica, "/replica?lag=10s")).isEqualTo(200);
      assertThat(status(replica, "/replica?lag=16MB")).isEqualTo(200);
      assertThat(get(replica, "/replica?lag=soon").statusCode()).isEqualTo(400);
      assertThat(status(leader, "/health")).isEqualTo(200);
      assertThat(status(replica, "/health")).isEqualTo(200);
      assertThat(status(replica, "/liveness")).isEqualTo(200);
      HttpResponse<String> head =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + leader.port() + "/leader"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);

      HttpResponse<String> noToken = get(leader, "/v1/users");
      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(noToken.body()).doesNotContain(TOKEN);
      assertThat(get(leader, "/v1/users", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);
      Wait.until(
          "catalog sampled",
          Duration.ofSeconds(20),
          () -> get(leader, "/v1/users", "Authorization", "Bearer " + TOKEN).statusCode() == 200);
      List<UserInfo> users =
          UserInfo.parseList(get(leader, "/v1/users", "Authorization", "Bearer " + TOKEN).body());
      assertThat(users).extracting(UserInfo::name).contains("pgvitals", "postgres").isSorted();
      assertThat(users)
          .filteredOn(u -> u.name().equals("postgres"))
          .singleElement()
          .satisfies(u -> assertThat(u.superuser()).isTrue())
          .satisfies(
              u ->
                  assertThat(u.databases())
                      .contains("postgres")
                      .doesNotContain("template0", "template1"));
      assertThat(users)
          .filteredOn(u -> u.name().equals("pgvitals"))
          .singleElement()
          .satisfies(u -> assertThat(u.superuser()).isFalse());
      List<DatabaseInfo> dbs =
          DatabaseInfo.parseList(
              get(leader, "/v1/databases", "Authorization", "Bearer " + TOKEN).body());
      assertThat(dbs)
          .extracting(DatabaseInfo::name)
          .contains("postgres")
          .doesNotContain("template0", "template1");
      assertThat(dbs)
          .filteredOn(d -> d.name().equals("postgres"))
          .singleElement()
          .satisfies(d -> assertThat(d.users()).contains("pgvitals", "postgres"));
    } finally {
      leader.close();
      replica.close();
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void replicaRouteHonoursLagWhileReplayIsPausedAndHealthFollowsPostgres(PgCluster pg)
      throws Exception {
    Agent replica = start(pg.replica(), "6b97fa06");
    try {
      Wait.until(
          "replica route up",
          Duration.ofSeconds(30),
          () -> status(replica, "/replica?lag=1kB") == 200);
      pg.replica().pauseReplay();
      try {
        pg.primary().execute("CREATE TABLE IF NOT EXISTS routing_lag (v text)");
        Wait.until(
            "replica route refuses a 1 kB lag",
            Duration.ofSeconds(30),
            () -> {
              pg.primary()
                  .execute(
                      "INSERT INTO routing_lag SELECT repeat('x', 1000) FROM generate_series(1, 50)");
              return status(replica, "/replica?lag=1kB") == 503;
            });
        assertThat(status(replica, "/replica?lag=1GB")).isEqualTo(200);
        Wait.until(
            "replica route refuses a 1 s lag",
            Duration.ofSeconds(30),
            () -> {
              pg.primary().execute("INSERT INTO routing_lag VALUES ('y')");
              return status(replica, "/replica?lag=1s") == 503;
            });
      } finally {
        pg.replica().resumeReplay();
      }
      Wait.until(
          "replica route back after resume",
          Duration.ofSeconds(30),
          () -> status(replica, "/replica?lag=1s") == 200);

      pg.replica().stop();
      Wait.until(
          "health 503 with PostgreSQL stopped",
          Duration.ofSeconds(30),
          () -> status(replica, "/health") == 503);
      assertThat(status(replica, "/replica")).isEqualTo(503);
      assertThat(status(replica, "/liveness")).isEqualTo(200);
      pg.replica().start();
      Wait.until("health back", Duration.ofSeconds(40), () -> status(replica, "/health") == 200);
    } finally {
      replica.close();
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void afterFailoverThePromotedReplicaRoutesAsLeaderAndRecordsTheRoleChange(int major)
      throws Exception {
    try (PgCluster pg = PgCluster.start(major)) {
      Agent replica = start(pg.replica(), "6b97fa06");
      try {
        assertThat(status(replica, "/leader")).isEqualTo(503);
        pg.primary().stop();
        pg.replica().promote();
        Wait.until(
            "promoted node routes as leader",
            Duration.ofSeconds(30),
            () -> status(replica, "/leader") == 200);
        assertThat(status(replica, "/replica")).isEqualTo(503);
        Wait.until(
            "role change event",
            Duration.ofSeconds(10),
            () ->
                NodeReport.parse(get(replica, "/v1/node").body()).events().stream()
                    .anyMatch(
                        e ->
                            e.type().equals("Role")
                                && e.message().equals("role changed from replica to leader")));
      } finally {
        replica.close();
      }
    }
  }
}
