package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Without --node-id and FLY_ALLOC_ID the node id is the same before, during and after a PostgreSQL
 * outage and across an agent restart, and two agents on one host differ.
 */
class StableNodeIdTest extends AgentTest {

  static final Duration FAST = Duration.ofMillis(500);

  Agent start(PgNode node, int port) throws Exception {
    AgentConfig config =
        TestAgents.config()
            .listen(new ListenAddress("127.0.0.1", port))
            .hostInterval(FAST)
            .pg(TestAgents.pg(node.monitorUrl(), FAST))
            .pgStatsInterval(Duration.ofSeconds(1))
            .pgSizesInterval(Duration.ofSeconds(1))
            .build();
    return start(config);
  }

  static String id(Agent a) throws Exception {
    return NodeReport.parse(AgentNodeApiTest.get(a, "/v1/node").body()).identity().id();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void theIdSurvivesAnOutageAndARestartAndDiffersPerAgent(PgCluster pg) throws Exception {
    int port = freePort();
    Agent a = start(pg.replica(), port);
    Agent other = start(pg.primary(), freePort());
    String before;
    try {
      Wait.until(
          "replica sampled",
          Duration.ofSeconds(30),
          () -> AgentNodeApiTest.status(a, "/flycheck/pg") == 200);
      before = id(a);
      assertThat(before).matches("[0-9a-f]{8}");
      assertThat(id(other)).isNotEqualTo(before);
      pg.replica().stop();
      try {
        Wait.until(
            "outage seen",
            Duration.ofSeconds(30),
            () -> AgentNodeApiTest.status(a, "/flycheck/pg") == 500);
        assertThat(id(a)).isEqualTo(before);
      } finally {
        pg.replica().start();
      }
      Wait.until(
          "replica back",
          Duration.ofSeconds(60),
          () -> AgentNodeApiTest.status(a, "/flycheck/pg") == 200);
      assertThat(id(a)).isEqualTo(before);
    } finally {
      a.close();
      other.close();
    }
    Agent again = start(pg.replica(), port);
    try {
      assertThat(id(again)).isEqualTo(before);
    } finally {
      again.close();
    }
  }
}
