package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Patroni's endpoint set on a real leader and streaming replica, each path answered alike by GET,
 * HEAD and OPTIONS; then the same with the leader stopped (the replica's WAL receiver with it),
 * where Patroni's /replica stays 200 unless asked for {@code replication_state=streaming}.
 */
class RoutingEndpointsTest extends AgentTest {

  static final Duration FAST = Duration.ofMillis(500);

  /** Grace (1 s) plus scheduling slack; {@code -Dpgvitals.timing.slack} (ms) raises the slack. */
  static final Duration SLACK =
      Duration.ofMillis(1000 + Long.getLong("pgvitals.timing.slack", 1000));

  static AgentConfig config(String pgUrl, Duration fast) {
    return TestAgents.config().hostInterval(fast).pg(TestAgents.pg(pgUrl, fast)).build();
  }

  Agent start(PgNode node) throws Exception {
    return start(config(node.monitorUrl(), FAST));
  }

  /** GET's status, after checking HEAD and OPTIONS answer the same without a body. */
  static int status(Agent agent, String path) throws Exception {
    HttpResponse<String> get = call(agent, "GET", path);
    for (String method : List.of("HEAD", "OPTIONS")) {
      HttpResponse<String> r = call(agent, method, path);
      assertThat(r.statusCode())
          .as(method + " " + path + " like GET (" + get.body().strip() + ")")
          .isEqualTo(get.statusCode());
      assertThat(r.body()).isEmpty();
    }
    return get.statusCode();
  }

  /** Path → {leader, replica} status on a healthy asynchronous pair. */
  static Map<String, int[]> healthyPair() {
    Map<String, int[]> m = new LinkedHashMap<>();
    for (String p : List.of("/", "/primary", "/master", "/leader", "/read-write")) {
      m.put(p, new int[] {200, 503});
    }
    m.put("/standby-leader", new int[] {503, 503});
    m.put("/replica", new int[] {503, 200});
    m.put("/replica?lag=16MB", new int[] {503, 200});
    m.put("/replica?lag=10s", new int[] {503, 200});
    m.put("/replica?replication_state=streaming", new int[] {503, 200});
    m.put("/replica?tag_nofailover=false", new int[] {503, 503});
    m.put("/read-only", new int[] {200, 200});
    m.put("/async", new int[] {503, 200});
    m.put("/asynchronous?lag=1MB", new int[] {503, 200});
    m.put("/sync", new int[] {503, 503});
    m.put("/quorum", new int[] {503, 503});
    m.put("/read-only-sync", new int[] {200, 503});
    m.put("/read-only-quorum", new int[] {200, 503});
    m.put("/health", new int[] {200, 200});
    m.put("/readiness", new int[] {200, 200});
    m.put("/readiness?lag=1GB&mode=write", new int[] {200, 200});
    m.put("/liveness", new int[] {200, 200});
    return m;
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void patronisEndpointsOnLeaderAndReplica(PgCluster pg) throws Exception {
    Agent leader = start(pg.primary());
    Agent replica = start(pg.replica());
    try {
      // /async needs the leader's row for this standby, read by the replica's leader sampler
      Wait.until(
          "replica streams and its leader is read",
          Duration.ofSeconds(30),
          () -> call(replica, "GET", "/async").statusCode() == 200);
      for (Map.Entry<String, int[]> e : healthyPair().entrySet()) {
        assertThat(status(leader, e.getKey()))
            .as("leader " + e.getKey())
            .isEqualTo(e.getValue()[0]);
        assertThat(status(replica, e.getKey()))
            .as("replica " + e.getKey())
            .isEqualTo(e.getValue()[1]);
      }
      assertThat(call(leader, "GET", "/primary").body()).isEqualTo("leader\n");
      assertThat(call(replica, "GET", "/primary").body())
          .isEqualTo("not the leader: in recovery\n");
      assertThat(call(replica, "GET", "/replica").body()).isEqualTo("replica\n");
      assertThat(call(replica, "GET", "/sync").body())
          .isEqualTo("not a sync standby: the leader lists it as async\n");
      HttpResponse<String> bad = call(replica, "GET", "/replica?lag=soon");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body().lines()).hasSize(1);

      // a browser still finds the endpoint list at /, with the primary check's status
      HttpResponse<String> page = call(replica, "GET", "/", "Accept", "text/html,*/*;q=0.8");
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.body())
          .contains(
              "This node: not the leader: in recovery", "href=\"/replica\"", "href=\"/metrics\"");
      HttpResponse<String> leaderPage = call(leader, "GET", "/", "Accept", "text/html");
      assertThat(leaderPage.statusCode()).isEqualTo(200);
      assertThat(leaderPage.headers().firstValue("content-type"))
          .hasValue("text/html; charset=utf-8");
      assertThat(call(leader, "GET", "/", "Accept", "*/*").body()).isEqualTo("leader\n");

      // a fenced leader (read-only by default) is not a primary within one interval and grace
      pg.primary().execute("ALTER SYSTEM SET default_transaction_read_only = on");
      pg.primary().execute("SELECT pg_reload_conf()");
      try {
        long fenced = System.nanoTime();
        Wait.until(
            "fenced leader's /primary 503",
            Duration.ofSeconds(10),
            () -> call(leader, "GET", "/primary").statusCode() == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - fenced)).isLessThan(FAST.plus(SLACK));
        assertThat(call(leader, "GET", "/primary").body())
            .isEqualTo("not writable: transaction_read_only is on\n");
        assertThat(status(leader, "/read-only")).isEqualTo(200);
      } finally {
        pg.primary().execute("ALTER SYSTEM RESET default_transaction_read_only");
        pg.primary().execute("SELECT pg_reload_conf()");
      }
      Wait.until(
          "unfenced leader's /primary 200",
          Duration.ofSeconds(10),
          () -> call(leader, "GET", "/primary").statusCode() == 200);

      // the leader stops: its agent stops routing writes to it, the replica's WAL receiver stops
      pg.primary().stop();
      try {
        long stopped = System.nanoTime();
        Wait.until(
            "stopped leader's /primary 503",
            Duration.ofSeconds(10),
            () -> call(leader, "GET", "/primary").statusCode() == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(FAST.plus(SLACK));
        Wait.until(
            "replica not streaming",
            Duration.ofSeconds(30),
            () -> call(replica, "GET", "/replica?replication_state=streaming").statusCode() == 503);
        assertThat(status(replica, "/replica"))
            .as("Patroni: a running replica is a replica")
            .isEqualTo(200);
        assertThat(status(replica, "/read-only")).isEqualTo(200);
        assertThat(status(replica, "/readiness")).isEqualTo(503);
        assertThat(call(replica, "GET", "/readiness").body())
            .startsWith("replication state is ")
            .endsWith(", not streaming\n");
        assertThat(status(replica, "/replica?lag=10s")).isEqualTo(503);
        assertThat(status(leader, "/health")).isEqualTo(503);
        assertThat(status(leader, "/liveness")).isEqualTo(200);
      } finally {
        pg.primary().start();
      }
    } finally {
      leader.close();
      replica.close();
    }
  }
}
