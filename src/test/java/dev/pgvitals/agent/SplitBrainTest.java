package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cli.Main;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Split brain provoked as operators meet it: the primary stops, the replica is promoted, the old
 * primary is started again as a standalone primary. Both agents must stop looking healthy: each
 * fails its pg check naming the other writable node and which one is stale, and only the newest
 * (the promoted one, on the newer timeline) still answers {@code /primary} 200.
 */
class SplitBrainTest extends AgentTest {

  static final Duration FAST = Duration.ofMillis(500);

  Agent start(PgNode node, String id, List<String> peers) throws Exception {
    PgConfig pg =
        TestAgents.pg(node.monitorUrl(), FAST)
            .withPeers(
                peers.stream()
                    .map(
                        p ->
                            dev.pgvitals.config.HostPort.parse(
                                p, dev.pgvitals.config.HostPort.NO_PORT))
                    .map(
                        hp ->
                            new dev.pgvitals.postgres.LeaderCandidates.Peer(
                                hp.host(),
                                hp.hasPort()
                                    ? java.util.OptionalInt.of(hp.port())
                                    : java.util.OptionalInt.empty()))
                    .toList());
    AgentConfig config =
        TestAgents.config()
            .hostInterval(FAST)
            .identity(TestAgents.flyIdentity(id))
            .pg(pg)
            .pgStatsInterval(Duration.ofSeconds(1))
            .pgSizesInterval(Duration.ofSeconds(1))
            .build();
    return start(config);
  }

  static boolean splitBrainReported(Agent agent) throws Exception {
    HttpResponse<String> r = AgentNodeApiTest.get(agent, "/flycheck/pg");
    return r.statusCode() == 500 && r.body().contains("split brain: ");
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void bothLeadersFailTheirPgCheckAndOnlyTheNewestRoutesAsPrimary(int major) throws Exception {
    try (PgCluster pg = PgCluster.start(major)) {
      String oldAddress = "127.0.0.1:" + pg.primary().port();
      String newAddress = "127.0.0.1:" + pg.replica().port();
      // the old primary's agent knows the nodes from --peers (itself included, as a shared list
      // would be); the replica's agent has no peers and must remember where it streamed from
      Agent oldAgent = start(pg.primary(), "0a0a0a0a", List.of(oldAddress, newAddress));
      Agent newAgent = start(pg.replica(), "0b0b0b0b", List.of());
      try {
        Wait.until(
            "replica pg suite passes",
            Duration.ofSeconds(30),
            () -> AgentNodeApiTest.status(newAgent, "/flycheck/pg") == 200);
        assertThat(AgentNodeApiTest.status(oldAgent, "/flycheck/pg")).isEqualTo(200);

        pg.primary().stop();
        pg.replica().promote();
        pg.primary().start(); // no standby.signal: a second, standalone primary on the old timeline
        long started = System.nanoTime();

        Wait.until(
            "old primary fails its pg check on split brain",
            Duration.ofSeconds(30),
            () -> splitBrainReported(oldAgent));
        Wait.until(
            "promoted node fails its pg check on split brain",
            Duration.ofSeconds(30),
            () -> splitBrainReported(newAgent));
        System.err.printf(
            "[split-brain] PG %d: both agents failing %d ms after the second primary started%n",
            major, (System.nanoTime() - started) / 1_000_000);

        // addresses print as the leader check prints them (Go's net.JoinHostPort)
        String oldShown = "127.0.0.1:" + pg.primary().port();
        String newShown = "127.0.0.1:" + pg.replica().port();
        String stale = AgentNodeApiTest.get(oldAgent, "/flycheck/pg").body();
        assertThat(stale)
            .contains(
                "[✗] split brain: "
                    + newShown
                    + " is also writable; this node is stale (timeline 1, checkpoint ")
            .contains("newest: " + newShown + " (timeline 2, checkpoint ");
        String newest = AgentNodeApiTest.get(newAgent, "/flycheck/pg").body();
        assertThat(newest)
            .contains(
                "[✗] split brain: "
                    + oldShown
                    + " is also writable; this node is the newest (timeline 2")
            .contains("stale: " + oldShown + " (timeline 1, checkpoint ");

        HttpResponse<String> primary = AgentNodeApiTest.get(oldAgent, "/primary");
        assertThat(primary.statusCode()).isEqualTo(503);
        assertThat(primary.body()).startsWith("split brain: ");
        assertThat(AgentNodeApiTest.status(oldAgent, "/leader")).isEqualTo(503);
        assertThat(AgentNodeApiTest.status(newAgent, "/primary")).isEqualTo(200);

        // the client sees two nodes whose role is leader: one line on stderr, exit 2
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
            Main.run(
                new String[] {
                  "checks",
                  "list",
                  "--nodes",
                  "127.0.0.1:" + oldAgent.port() + ",127.0.0.1:" + newAgent.port()
                },
                new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
            .contains("pgvitals: split brain: 2 nodes report role leader: ")
            .contains("0a0a0a0a")
            .contains("0b0b0b0b");

        // repair: the stale node goes away; both recover
        pg.primary().stop();
        long stopped = System.nanoTime();
        Wait.until(
            "promoted node's pg check passes again",
            Duration.ofSeconds(30),
            () -> AgentNodeApiTest.status(newAgent, "/flycheck/pg") == 200);
        System.err.printf(
            "[split-brain] PG %d: promoted node passing %d ms after the stale primary stopped%n",
            major, (System.nanoTime() - stopped) / 1_000_000);
      } finally {
        oldAgent.close();
        newAgent.close();
      }
    }
  }
}
