package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.agent.TestAgents;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.localpg.PgPair;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.PgSql;
import dev.pgvitals.testpg.PgVersions;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patroni's published HAProxy configurations (vendored in {@code
 * src/test/resources/haproxy/patroni}) in front of a real primary and streaming replica with a
 * pgvitals agent beside each, with only addresses, ports and the check interval changed:
 *
 * <ul>
 *   <li>{@code haproxy.cfg}'s {@code listen batman} ({@code option httpchk}: {@code OPTIONS /}) and
 *       the confd template's {@code listen primary} ({@code HEAD /primary}) send every connection
 *       to the leader; {@code listen replicas} ({@code HEAD /replica}) to the replica only;
 *   <li>after the leader stops and the replica is promoted with {@code pg_promote()}, writes
 *       through both write listeners reach the new leader within {@code inter × rise} plus one
 *       fast-sampling interval, and the promoted node's {@code /primary} turns 200 within one fast
 *       interval (each plus {@link #SLACK}, 1 s unless {@code -Dpgvitals.timing.slack} says more).
 * </ul>
 *
 * The newest major of {@code -Dpg.majors} only: what is tested is the routing, not PostgreSQL.
 * Needs {@code haproxy} on PATH (Debian package {@code haproxy}); skipped without it, failed
 * without it under CI.
 */
class HaproxyFailoverTest {

  static final Duration FAST = Duration.ofMillis(500);
  static final Duration INTER = Duration.ofMillis(500);
  static final int RISE = 2; // Patroni's configs: rise 2, fall 3

  /**
   * Scheduling slack on top of each bound; {@code -Dpgvitals.timing.slack=3000} (ms) on an
   * overloaded machine.
   */
  static final Duration SLACK = Duration.ofMillis(Long.getLong("pgvitals.timing.slack", 1000));

  static final Path PATRONI = Path.of("src/test/resources/haproxy/patroni");

  @Test
  void patronisConfigsRouteWritesToTheLeaderAndReadsToTheReplicaAndFollowAFailover(
      @TempDir Path dir) throws Exception {
    Path haproxy = ExternalTool.require("haproxy", "apt-get install -y haproxy");
    int major = Collections.max(PgVersions.majorsUnderTest());
    Vertx vertx = Vertx.vertx();
    try (PgCluster pg = PgCluster.start(major)) {
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Agent primaryAgent = agent(vertx, pg.primary());
      Agent replicaAgent = agent(vertx, pg.replica());
      int[] ports = PgPair.freePorts(5);
      int batman = ports[0], primary = ports[1], replicas = ports[2];
      String cfg = patroniCfg(ports[3], batman, pg, primaryAgent.port(), replicaAgent.port());
      String tmpl =
          confdTemplate(ports[4], primary, replicas, pg, primaryAgent.port(), replicaAgent.port());
      try (HaproxyServer a = HaproxyServer.start(haproxy, dir, "patroni-haproxy", cfg, ports[3]);
          HaproxyServer b = HaproxyServer.start(haproxy, dir, "patroni-confd", tmpl, ports[4])) {
        String p = "postgresql_" + pg.primary().port();
        String r = "postgresql_" + pg.replica().port();
        awaitStatuses(a, Map.of("batman/" + p, "UP", "batman/" + r, "DOWN"));
        awaitStatuses(
            b,
            Map.of(
                "primary/node1",
                "UP",
                "primary/node2",
                "DOWN",
                "replicas/node1",
                "DOWN",
                "replicas/node2",
                "UP"));

        pg.primary().execute("CREATE TABLE haproxy_writes (via text)");
        for (int i = 0; i < 10; i++) {
          assertThat(write(pg.primary(), batman, "batman")).isEqualTo(pg.primary().port());
          assertThat(write(pg.primary(), primary, "primary")).isEqualTo(pg.primary().port());
          assertThat(readOnlyServerPort(pg.replica(), replicas)).isEqualTo(pg.replica().port());
        }

        // failover: the leader stops, the replica is promoted
        pg.primary().stop();
        List<Sample<PgFastSnapshot>> after = new CopyOnWriteArrayList<>();
        replicaAgent.node().pg().orElseThrow().fast().onSample(after::add);
        pg.replica().promote();
        long promoted = System.nanoTime();
        Instant promotedAt = Instant.now();
        CompletableFuture<Long> agentAt =
            CompletableFuture.supplyAsync(
                () -> {
                  Wait.until(
                      "promoted node's /primary 200",
                      Duration.ofSeconds(30),
                      () -> agentStatus(replicaAgent, "/primary") == 200);
                  return System.nanoTime();
                });
        // each listener polled on its own thread; a write's completion time bounds when it was
        // routed
        CompletableFuture<Long> viaOptionsAt =
            CompletableFuture.supplyAsync(() -> firstWriteTo(pg.replica(), batman, "batman"));
        CompletableFuture<Long> viaHeadAt =
            CompletableFuture.supplyAsync(() -> firstWriteTo(pg.replica(), primary, "primary"));
        Duration viaOptions = Duration.ofNanos(viaOptionsAt.get(40, TimeUnit.SECONDS) - promoted);
        Duration viaHead = Duration.ofNanos(viaHeadAt.get(40, TimeUnit.SECONDS) - promoted);
        Duration agentFlip = Duration.ofNanos(agentAt.get(40, TimeUnit.SECONDS) - promoted);
        Duration bound = INTER.multipliedBy(RISE).plus(FAST);
        System.err.printf(
            "[haproxy] PostgreSQL %d: the promoted node's /primary 200 after %d ms; writes reached it"
                + " %d ms (OPTIONS /) and %d ms (HEAD /primary) after pg_promote() returned;"
                + " inter x rise + fast = %d ms%n",
            major,
            agentFlip.toMillis(),
            viaOptions.toMillis(),
            viaHead.toMillis(),
            bound.toMillis());
        // load-independent: the first fast sample begun after the promotion already routes as
        // leader
        Sample<PgFastSnapshot> first =
            after.stream()
                .filter(x -> !x.at().minus(x.took()).isBefore(promotedAt))
                .findFirst()
                .orElseThrow();
        assertThat(first.ok() && !first.value().inRecovery())
            .as("first sample after promotion: " + first)
            .isTrue();
        assertThat(agentFlip).isLessThanOrEqualTo(FAST.plus(SLACK));
        assertThat(viaOptions).isLessThanOrEqualTo(bound.plus(SLACK));
        assertThat(viaHead).isLessThanOrEqualTo(bound.plus(SLACK));
        // the stopped leader stays out; the promoted node left the replicas listener
        awaitStatuses(
            b,
            Map.of(
                "primary/node1",
                "DOWN",
                "primary/node2",
                "UP",
                "replicas/node1",
                "DOWN",
                "replicas/node2",
                "DOWN"));
        assertThat(a.statuses())
            .containsEntry("batman/" + p, "DOWN")
            .containsEntry("batman/" + r, "UP");
      } finally {
        primaryAgent.close();
        replicaAgent.close();
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  static int agentStatus(Agent agent, String path) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + agent.port() + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static Agent agent(Vertx vertx, PgNode node) throws Exception {
    AgentConfig config =
        TestAgents.config().hostInterval(FAST).pg(TestAgents.pg(node.monitorUrl(), FAST)).build();
    return Agent.start(config, vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  /** Patroni's haproxy.cfg with this test's addresses, ports and check interval. */
  static String patroniCfg(int stats, int batman, PgCluster pg, int primaryApi, int replicaApi)
      throws Exception {
    String text = Files.readString(PATRONI.resolve("haproxy.cfg"), StandardCharsets.UTF_8);
    text = replaceOnce(text, "bind *:7000", "bind 127.0.0.1:" + stats);
    text = replaceOnce(text, "bind *:5000", "bind 127.0.0.1:" + batman);
    text = replaceOnce(text, "inter 3s", "inter " + INTER.toMillis() + "ms");
    text =
        replaceOnce(
            text,
            "server postgresql_127.0.0.1_5432 127.0.0.1:5432 maxconn 100 check port 8008",
            "server postgresql_"
                + pg.primary().port()
                + " 127.0.0.1:"
                + pg.primary().port()
                + " maxconn 100 check port "
                + primaryApi);
    text =
        replaceOnce(
            text,
            "server postgresql_127.0.0.1_5433 127.0.0.1:5433 maxconn 100 check port 8009",
            "server postgresql_"
                + pg.replica().port()
                + " 127.0.0.1:"
                + pg.replica().port()
                + " maxconn 100 check port "
                + replicaApi);
    assertThat(text).contains("option httpchk\n", "http-check expect status 200", "rise 2");
    return text;
  }

  /** Patroni's confd template rendered for the two nodes (node1 the leader, node2 the replica). */
  static String confdTemplate(
      int stats, int primary, int replicas, PgCluster pg, int primaryApi, int replicaApi)
      throws Exception {
    String text = Files.readString(PATRONI.resolve("haproxy.tmpl"), StandardCharsets.UTF_8);
    text = replaceOnce(text, "bind *:7000", "bind 127.0.0.1:" + stats);
    text = replaceOnce(text, "bind *:5000", "bind 127.0.0.1:" + primary);
    text = replaceOnce(text, "bind *:5001", "bind 127.0.0.1:" + replicas);
    text = text.replace("inter 3s", "inter " + INTER.toMillis() + "ms");
    // {{range gets "/members/*"}}<TAB>server {{base .Key}} {{…conn_url…}} maxconn 100 check port
    // {{…api_url…}}\n{{end}}
    Pattern members =
        Pattern.compile(
            "\\{\\{range gets \"/members/\\*\"}}(\\s*)server \\{\\{base \\.Key}} \\{\\{.*?}}"
                + "\\{\\{.*?}} maxconn 100 check port \\{\\{.*?}}\\n\\{\\{end}}");
    Matcher m = members.matcher(text);
    StringBuilder out = new StringBuilder();
    int blocks = 0;
    while (m.find()) {
      blocks++;
      String indent = m.group(1);
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              indent
                  + "server node1 127.0.0.1:"
                  + pg.primary().port()
                  + " maxconn 100 check port "
                  + primaryApi
                  + "\n"
                  + indent
                  + "server node2 127.0.0.1:"
                  + pg.replica().port()
                  + " maxconn 100 check port "
                  + replicaApi
                  + "\n"));
    }
    m.appendTail(out);
    assertThat(blocks).as("member blocks in Patroni's confd template").isEqualTo(2);
    assertThat(out.toString())
        .doesNotContain("{{")
        .contains("option httpchk HEAD /primary", "option httpchk HEAD /replica");
    return out.toString();
  }

  static String replaceOnce(String text, String what, String with) {
    assertThat(text).as("Patroni's config still has '" + what + "'").contains(what);
    return text.replace(what, with);
  }

  static void awaitStatuses(HaproxyServer h, Map<String, String> expected) {
    Wait.until(
        "haproxy marks " + expected,
        Duration.ofSeconds(30),
        () -> h.statuses().entrySet().containsAll(expected.entrySet()));
  }

  /** Writes one row over a new connection through {@code port}; the server's own port. */
  static int write(PgNode node, int port, String via) {
    return write(node, port, via, Duration.ofSeconds(5));
  }

  static int write(PgNode node, int port, String via, Duration timeout) {
    PgConnectOptions o =
        new PgConnectOptions(node.superuserOptions()).setPort(port).setHost("127.0.0.1");
    List<Map<String, Object>> rows =
        PgSql.query(
            o,
            "INSERT INTO haproxy_writes VALUES ('" + via + "') RETURNING inet_server_port()",
            timeout);
    return ((Number) rows.get(0).values().iterator().next()).intValue();
  }

  /**
   * When a write through {@code port} first completes on {@code node} ({@link System#nanoTime()}).
   */
  static long firstWriteTo(PgNode node, int port, String via) {
    Wait.until(
        "writes through " + via + " reach " + node.name(),
        Duration.ofSeconds(30),
        () -> tryWrite(node, port, via) == node.port());
    return System.nanoTime();
  }

  /**
   * Like {@link #write}, but -1 when the listener has no server up or the server refuses the write.
   * A connection HAProxy accepts while no server is up waits in its queue, so attempts are cut
   * short: the measured time is then at most one attempt late.
   */
  static final Duration ATTEMPT = Duration.ofMillis(300);

  static int tryWrite(PgNode node, int port, String via) {
    try {
      return write(node, port, via, ATTEMPT);
    } catch (RuntimeException notYet) {
      return -1;
    }
  }

  /**
   * The port of the server a new connection through {@code port} reaches, checking it is read-only.
   */
  static int readOnlyServerPort(PgNode node, int port) {
    PgConnectOptions o =
        new PgConnectOptions(node.superuserOptions()).setPort(port).setHost("127.0.0.1");
    Map<String, Object> row =
        PgSql.query(
                o,
                "SELECT inet_server_port() AS port, pg_is_in_recovery() AS ro",
                Duration.ofSeconds(5))
            .get(0);
    assertThat(row.get("ro")).isEqualTo(true);
    return ((Number) row.get("port")).intValue();
  }
}
