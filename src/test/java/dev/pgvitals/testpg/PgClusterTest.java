package dev.pgvitals.testpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.localpg.Os;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** Smoke tests of the harness itself, once per major in -Dpg.majors. */
class PgClusterTest {

  private static final AtomicInteger TABLES = new AtomicInteger();

  private static String freshTable() {
    return "harness_t" + System.nanoTime() + "_" + TABLES.incrementAndGet();
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void primaryIsNotInRecoveryAndReplicaIsStreamingFromIt(PgCluster pg) {
    assertThat(pg.primary().inRecovery()).isFalse();
    assertThat(pg.replica().inRecovery()).isTrue();
    assertThat(pg.replica().walReceiverStatus()).isEqualTo("streaming");
    List<Map<String, Object>> repl =
        pg.primary().query("select application_name, state from pg_stat_replication");
    assertThat(repl).containsExactly(Map.of("application_name", "replica", "state", "streaming"));
    assertThat(
            pg.primary()
                .queryString("select active from pg_replication_slots where slot_name = 'replica'"))
        .isEqualTo("true");
    assertThat(pg.primary().queryString("show server_version")).startsWith(pg.major() + ".");
    assertThat(pg.replica().queryString("show server_version")).startsWith(pg.major() + ".");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void rowWrittenOnPrimaryShowsUpOnReplica(PgCluster pg) {
    String t = freshTable();
    pg.primary().execute("create table " + t + " (v text); insert into " + t + " values ('hello')");
    Wait.until(
        "row on replica",
        Duration.ofSeconds(30),
        () -> "hello".equals(pg.replica().queryString("select v from " + t)));
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void monitorRoleLogsInWithItsPasswordAndIsInPgMonitor(PgCluster pg) {
    List<Map<String, Object>> rows =
        PgSql.query(
            pg.primary().monitorOptions(),
            "select current_user as u, pg_has_role('pg_monitor', 'member') as m, "
                + "(select rolsuper from pg_roles where rolname = current_user) as su",
            PgSql.DEFAULT_TIMEOUT);
    assertThat(rows).containsExactly(Map.of("u", "pgvitals", "m", true, "su", false));
    // the role reaches the replica too (it was created before the copy)
    assertThat(PgSql.query(pg.replica().monitorOptions(), "select 1 as one", PgSql.DEFAULT_TIMEOUT))
        .containsExactly(Map.of("one", 1));
    assertThatThrownBy(
            () ->
                PgSql.query(
                    pg.primary().options(PgCluster.MONITOR_USER, "wrong"),
                    "select 1",
                    PgSql.DEFAULT_TIMEOUT))
        .isInstanceOf(PgSql.PgSqlException.class)
        .hasMessageContaining("password authentication failed")
        .hasMessageNotContaining("wrong");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void stoppedNodesRefuseConnectionsAndStreamAgainAfterStart(PgCluster pg) {
    pg.replica().stop();
    assertThat(pg.replica().isRunning()).isFalse();
    assertThatThrownBy(() -> pg.replica().queryString("select 1"))
        .isInstanceOf(PgSql.PgSqlException.class);
    pg.replica().start();
    pg.awaitStreaming();

    pg.primary().restart();
    pg.awaitStreaming();
    String t = freshTable();
    pg.primary().execute("create table " + t + " (v int); insert into " + t + " values (1)");
    pg.awaitReplicaCaughtUp();
    assertThat(pg.replica().queryString("select count(*) from " + t)).isEqualTo("1");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void frozenPrimaryHangsConnectionAttemptsUntilThawed(PgCluster pg) {
    pg.primary().freeze();
    try {
      long t0 = System.nanoTime();
      assertThatThrownBy(
              () -> PgSql.query(pg.primary().superuserOptions(), "select 1", Duration.ofSeconds(1)))
          .isInstanceOf(PgSql.PgSqlException.class)
          .hasMessageContaining("no answer within 1000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    } finally {
      pg.primary().thaw();
    }
    assertThat(pg.primary().queryString("select 1")).isEqualTo("1");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void pausedReplayHoldsBackRowsTheReplicaAlreadyReceived(PgCluster pg) {
    String t = freshTable();
    pg.primary().execute("create table " + t + " (v int)");
    pg.awaitReplicaCaughtUp();
    pg.replica().pauseReplay();
    try {
      pg.primary().execute("insert into " + t + " values (1)");
      String lsn = pg.primary().queryString("select pg_current_wal_insert_lsn()");
      Wait.until(
          "replica received " + lsn,
          Duration.ofSeconds(30),
          () ->
              Boolean.parseBoolean(
                  pg.replica()
                      .queryString(
                          "select pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '"
                              + lsn
                              + "') >= 0")));
      assertThat(pg.replica().queryString("select count(*) from " + t)).isEqualTo("0");
    } finally {
      pg.replica().resumeReplay();
    }
    pg.awaitReplicaCaughtUp();
    assertThat(pg.replica().queryString("select count(*) from " + t)).isEqualTo("1");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void sharedClusterRefusesPromotion(PgCluster pg) {
    assertThatThrownBy(() -> pg.replica().promote())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PgCluster.start(major)");
    assertThat(pg.replica().inRecovery()).isTrue();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @PgMajors
  void promotedReplicaTakesWritesAndCloseLeavesNoProcessOrDirectory(int major) {
    PgCluster pg = PgCluster.start(major);
    try (pg) {
      pg.replica().promote();
      assertThat(pg.replica().inRecovery()).isFalse();
      pg.replica()
          .execute("create table after_promotion (v int); insert into after_promotion values (7)");
      assertThat(pg.replica().queryString("select v from after_promotion")).isEqualTo("7");
      assertThat(Os.processesUnder(pg.directory())).isNotEmpty();
    }
    assertThat(Os.processesUnder(pg.directory())).isEmpty();
    assertThat(Files.exists(pg.directory())).isFalse();
  }

  @Test
  void nodeWhosePortWasTakenMeanwhileMovesToAnotherPort() throws Exception {
    int major = PgVersions.majorsUnderTest().get(0);
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        PgCluster pg =
            PgCluster.create(
                major, true, new int[] {squatter.getLocalPort(), PgCluster.freePorts(1)[0]})) {
      assertThat(pg.primary().port()).isNotEqualTo(squatter.getLocalPort()).isPositive();
      assertThat(pg.replica().port()).isPositive();
      pg.awaitStreaming();
      assertThat(pg.primary().logTail(100)).contains("could not bind");
    }
  }
}
