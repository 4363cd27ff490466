package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.localpg.Os;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.Wait;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A WAL receiver frozen with SIGSTOP while the primary writes still reports {@code streaming} with
 * everything it received replayed. The lag measured against the leader (time since the receiver
 * last heard from its sender while the leader has newer WAL) must show it in the pg check, {@code
 * /replica?lag=} and {@code pg_replication_lag}; SIGCONT (always, in a finally) brings it back.
 */
class WalReceiverFrozenTest extends AgentTest {

  static int status(Agent a, String path) throws Exception {
    return AgentNodeApiTest.status(a, path);
  }

  private static final Pattern LAG =
      Pattern.compile("(?m)^pg_replication_lag\\{[^}]*} ([0-9.eE+-]+)$");

  static double metricLag(Agent agent) throws Exception {
    Matcher m = LAG.matcher(get(agent, "/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void aFrozenWalReceiverFailsTheLagCheckReplicaRouteAndMetric(PgCluster pg) throws Exception {
    pg.primary().execute("CREATE TABLE IF NOT EXISTS frozen_receiver (x int)");
    pg.awaitReplicaCaughtUp();
    Agent replica = start(AgentNodeApiTest.config(pg.replica(), "0c0c0c0c"));
    long pid = Long.parseLong(pg.replica().queryString("SELECT pid FROM pg_stat_wal_receiver"));
    try {
      Wait.until(
          "replica routes within 2s",
          Duration.ofSeconds(30),
          () -> status(replica, "/replica?lag=2s") == 200);
      Os.signal("STOP", List.of(pid));
      long frozen = System.nanoTime();
      Wait.until(
          "/replica?lag=2s answers 503 while the primary writes",
          Duration.ofSeconds(30),
          () -> {
            pg.primary().execute("INSERT INTO frozen_receiver SELECT generate_series(1, 1000)");
            return status(replica, "/replica?lag=2s") == 503;
          });
      System.err.printf(
          "[frozen-receiver] PG %d: /replica?lag=2s 503 after %d ms%n",
          pg.major(), (System.nanoTime() - frozen) / 1_000_000);
      assertThat(pg.replica().walReceiverStatus()).isEqualTo("streaming"); // what hid the lag
      Wait.until(
          "pg check fails on lag over 10s",
          Duration.ofSeconds(40),
          () -> {
            pg.primary().execute("INSERT INTO frozen_receiver SELECT generate_series(1, 1000)");
            return get(replica, "/flycheck/pg").body().contains("(over 10s)");
          });
      System.err.printf(
          "[frozen-receiver] PG %d: pg check failing after %d ms%n",
          pg.major(), (System.nanoTime() - frozen) / 1_000_000);
      assertThat(status(replica, "/flycheck/pg")).isEqualTo(500);
      assertThat(metricLag(replica)).isGreaterThan(10);
    } finally {
      Os.signal("CONT", List.of(pid));
    }
    long thawed = System.nanoTime();
    try {
      Wait.until(
          "replica routes again",
          Duration.ofSeconds(60),
          () -> status(replica, "/replica?lag=2s") == 200);
      Wait.until(
          "pg check passes again",
          Duration.ofSeconds(60),
          () -> status(replica, "/flycheck/pg") == 200);
      System.err.printf(
          "[frozen-receiver] PG %d: passing again %d ms after SIGCONT%n",
          pg.major(), (System.nanoTime() - thawed) / 1_000_000);
      assertThat(metricLag(replica)).isLessThan(2);
    } finally {
      replica.close();
    }
  }
}
