package dev.pgvitals.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.postgres.PgHealthSampler;
import dev.pgvitals.postgres.PgHealthSnapshot;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Each check of the risk suite provoked on a real PostgreSQL of every major in {@code -Dpg.majors},
 * sampled by {@link PgHealthSampler} as the harness's {@code pg_monitor} role, failing and then
 * recovering. One throw-away primary + replica per major, its primary restarted once with {@code
 * archive_mode=on}, a failing {@code archive_command} and {@code autovacuum_freeze_max_age} at its
 * minimum (100000), so wraparound's limit (2 × that) can be passed with a few seconds of
 * transactions, and {@code max_prepared_transactions=5}.
 */
class RiskChecksOnRealPostgresTest {

  static final Duration AWAIT = Duration.ofSeconds(90);
  static final String FAILING_ARCHIVE = "exit 1";
  static final String WORKING_ARCHIVE = "mkdir -p ../archive && cp %p ../archive/%f";

  static Vertx vertx;
  static final Map<Integer, PgCluster> clusters = new ConcurrentHashMap<>();
  static final Map<Integer, Pool> pools = new ConcurrentHashMap<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (Pool p : pools.values()) {
      await(p.close());
    }
    clusters.values().forEach(PgCluster::close);
    await(vertx.close());
  }

  static synchronized PgCluster cluster(int major) {
    return clusters.computeIfAbsent(
        major,
        m -> {
          PgCluster c = PgCluster.start(m);
          // a standby needs max_prepared_transactions at least the primary's (13 shuts down, 14+
          // pauses)
          c.replica().execute("alter system set max_prepared_transactions = 5");
          c.replica().restart();
          PgNode p = c.primary();
          p.execute("alter system set archive_mode = 'on'");
          p.execute("alter system set archive_command = '" + FAILING_ARCHIVE + "'");
          p.execute("alter system set autovacuum_freeze_max_age = 100000");
          p.execute("alter system set autovacuum_naptime = '1s'");
          p.execute("alter system set max_prepared_transactions = 5");
          p.restart();
          c.awaitStreaming();
          return c;
        });
  }

  /** The risk suite of one fresh pg_health sample of {@code node}. */
  static SuiteResult risk(PgNode node, RiskThresholds t) throws Exception {
    Pool pool =
        pools.computeIfAbsent(
            node.port(),
            k ->
                PgBuilder.pool()
                    .with(new PoolOptions().setMaxSize(1))
                    .connectingTo(node.monitorOptions())
                    .using(vertx)
                    .build());
    long t0 = System.nanoTime();
    PgHealthSnapshot s = await(new PgHealthSampler(pool, node.host() + ":" + node.port()).sample());
    LatestSample<PgHealthSnapshot> latest = new LatestSample<>(PgHealthSampler.NAME);
    latest.set(
        Sample.ok(
            PgHealthSampler.NAME, s, Instant.now(), Duration.ofNanos(System.nanoTime() - t0)));
    return RiskChecks.evaluate(
        Optional.of(SampleFreshness.judge(latest, Duration.ofMinutes(1), Instant.now())),
        Optional.empty(),
        null,
        Duration.ZERO,
        t);
  }

  static CheckResult check(PgNode node, RiskThresholds t, String name) throws Exception {
    return risk(node, t).checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Waits until the named check has the wanted outcome and returns it; logs how long that took. */
  static CheckResult await(PgNode node, RiskThresholds t, String name, boolean passed) {
    long t0 = System.nanoTime();
    CheckResult c;
    try {
      c =
          Wait.untilValue(
              name + (passed ? " passing" : " failing") + " on " + node,
              AWAIT,
              () -> check(node, t, name),
              r -> r.passed() == passed);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + node.logTail(30), e);
    }
    System.err.printf(
        "[risk] PG %d %s %s after %d ms: %s%n",
        node.cluster().major(),
        name,
        passed ? "passes" : "fails",
        (System.nanoTime() - t0) / 1_000_000,
        c.seedText());
    return c;
  }

  // ---- archiving --------------------------------------------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void archivingFailsShowingTheWalFileWhileArchiveCommandFailsAndRecoversOnceItWorks(int major)
      throws Exception {
    PgNode primary = cluster(major).primary();
    primary.execute("alter system set archive_command = '" + FAILING_ARCHIVE + "'");
    primary.execute("select pg_reload_conf()");
    primary.execute(
        "create table if not exists archive_probe(i int); insert into archive_probe values (1)");
    primary.execute("select pg_switch_wal()");

    CheckResult failed = await(primary, RiskThresholds.DEFAULTS, "archiving", false);
    // the archiver retries the oldest segment waiting: that is the one shown
    String oldest =
        primary.queryString(
            "select min(replace(name, '.ready', '')) from pg_ls_archive_statusdir()"
                + " where name like '%.ready'");
    assertThat(failed.seedText())
        .matches(
            "archiving: failing: [0-9A-F]{24} failed [0-9hms.]+ ago, "
                + "last success (never|[0-9A-F]{24} [0-9hms.]+ ago), \\d+ waiting")
        .contains(oldest == null ? "" : oldest);

    primary.execute("alter system set archive_command = '" + WORKING_ARCHIVE + "'");
    primary.execute("select pg_reload_conf()");
    primary.execute("insert into archive_probe values (2)");
    primary.execute("select pg_switch_wal()");
    CheckResult recovered = await(primary, RiskThresholds.DEFAULTS, "archiving", true);
    assertThat(recovered.seedText()).startsWith("archiving: last archived 0000");
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void archivingFailsWhenASegmentWaitsTooLongWithoutAnyFailureAndRecoversOnceArchived(int major)
      throws Exception {
    PgNode primary = cluster(major).primary();
    RiskThresholds t =
        new RiskThresholds(
            2,
            10L << 30,
            1L << 30,
            Duration.ofSeconds(2),
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            Duration.ofHours(24));
    primary.execute("alter system set archive_command = '" + WORKING_ARCHIVE + "'");
    primary.execute("select pg_reload_conf()");
    primary.execute(
        "create table if not exists archive_probe(i int); insert into archive_probe values (3)");
    primary.execute("select pg_switch_wal()");
    await(primary, t, "archiving", true); // whatever an earlier test left is archived

    // a hung archive_command: nothing fails, segments just wait
    primary.execute("alter system set archive_command = 'sleep 8'");
    primary.execute("select pg_reload_conf()");
    for (int i = 0; i < 2; i++) {
      primary.execute("insert into archive_probe values (4)");
      primary.execute("select pg_switch_wal()");
    }
    CheckResult stale = await(primary, t, "archiving", false);
    assertThat(stale.seedText())
        .matches(
            "archiving: \\d+ segments waiting, the oldest for \\d+s \\(over 2s\\), last success [0-9A-F]{24} \\d+s ago");

    primary.execute("alter system set archive_command = '" + WORKING_ARCHIVE + "'");
    primary.execute("select pg_reload_conf()");
    assertThat(await(primary, t, "archiving", true).seedText())
        .startsWith("archiving: last archived ");
  }

  // ---- slots ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void anInactiveSlotRetainingWalWhileWritesHappenFailsNamingTheSlotAndPassesOnceDropped(int major)
      throws Exception {
    PgNode primary = cluster(major).primary();
    RiskThresholds t =
        new RiskThresholds(
            2,
            10L << 30,
            32L << 20,
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            Duration.ofHours(24));
    primary.execute("select pg_create_physical_replication_slot('forgotten_standby', true)");
    try {
      assertThat(check(primary, t, "replicationSlots").passed()).isTrue();
      for (int i = 0; i < 3; i++) { // each switch moves to the next 16 MB segment: ≥ 32 MB retained
        primary.execute(
            "create table if not exists slot_probe(i int); insert into slot_probe values ("
                + i
                + ")");
        primary.execute("select pg_switch_wal()");
      }
      CheckResult failed = await(primary, t, "replicationSlots", false);
      assertThat(failed.seedText())
          .startsWith("replication slots: inactive slot forgotten_standby")
          .contains(" of WAL (over 32 MB)");
      if (major >= 17) {
        assertThat(failed.seedText()).contains("(inactive for ");
      }

      // with max_slot_wal_keep_size the next checkpoint removes the slot's WAL: wal_status lost
      primary.execute("alter system set max_slot_wal_keep_size = '32MB'");
      primary.execute("select pg_reload_conf()");
      for (int i = 0; i < 4; i++) {
        primary.execute("insert into slot_probe values (" + i + ")");
        primary.execute("select pg_switch_wal()");
      }
      primary.execute("checkpoint");
      CheckResult lost =
          Wait.untilValue(
              "forgotten_standby lost",
              AWAIT,
              () -> {
                primary.execute("checkpoint");
                return check(primary, t, "replicationSlots");
              },
              r -> r.seedText().contains("wal_status lost"));
      System.err.printf("[risk] PG %d %s%n", major, lost.seedText());
      assertThat(lost.seedText())
          .startsWith(
              "replication slots: slot forgotten_standby lost WAL it needs "
                  + "(wal_status lost): its consumer cannot resume");
    } finally {
      primary.execute("alter system reset max_slot_wal_keep_size");
      primary.execute("select pg_reload_conf()");
      primary.execute("select pg_drop_replication_slot('forgotten_standby')");
    }
    CheckResult passed = await(primary, t, "replicationSlots", true);
    assertThat(passed.seedText())
        .startsWith("replication slots: 1 slot, most WAL retained ")
        .endsWith("(" + PgCluster.SLOT + ")");
  }

  // ---- sessions ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void aSessionLeftIdleInTransactionFailsBothSessionChecksWithPidUserAndDatabaseButNeverItsQuery(
      int major) throws Exception {
    PgNode primary = cluster(major).primary();
    RiskThresholds t =
        new RiskThresholds(
            2,
            10L << 30,
            1L << 30,
            Duration.ofMinutes(15),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofHours(24));
    SqlConnection idle = await(PgConnection.connect(vertx, primary.superuserOptions()));
    int pid;
    try {
      pid =
          await(idle.query("select pg_backend_pid() as pid").execute())
              .iterator()
              .next()
              .getInteger("pid");
      await(idle.query("begin").execute());
      await(idle.query("select 'the-secret-in-a-query' as s, txid_current()").execute());

      CheckResult idleCheck = await(primary, t, "idleInTransaction", false);
      assertThat(idleCheck.seedText())
          .matches(
              "idle in transaction: pid "
                  + pid
                  + " postgres@postgres idle for [3-9]s \\(over 2s\\)");
      CheckResult longTx = await(primary, t, "longTransaction", false);
      assertThat(longTx.seedText())
          .matches(
              "long transaction: pid " + pid + " postgres@postgres open for [3-9]s \\(over 2s\\)");
      assertThat(risk(primary, t).checks())
          .allSatisfy(
              c -> {
                assertThat(c.seedText()).doesNotContain("the-secret-in-a-query");
                assertThat(c.frameworkText()).doesNotContain("the-secret-in-a-query");
              });
    } finally {
      await(idle.close());
    }
    assertThat(await(primary, t, "idleInTransaction", true).seedText())
        .doesNotContain("pid " + pid);
    assertThat(await(primary, t, "longTransaction", true).seedText()).doesNotContain("pid " + pid);
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void aForgottenPreparedTransactionFailsTheLongTransactionCheckByItsGidAndPassesOnceRolledBack(
      int major) throws Exception {
    PgNode primary = cluster(major).primary();
    RiskThresholds t =
        new RiskThresholds(
            2,
            10L << 30,
            1L << 30,
            Duration.ofMinutes(15),
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofHours(24));
    primary.execute("create table if not exists prepared_probe(i int)");
    SqlConnection c = await(PgConnection.connect(vertx, primary.superuserOptions()));
    try {
      await(c.query("begin").execute());
      await(c.query("insert into prepared_probe values (1)").execute());
      await(c.query("prepare transaction 'pgvitals-forgotten'").execute());
    } finally {
      await(c.close()); // the prepared transaction outlives its session
    }
    try {
      CheckResult failed = await(primary, t, "longTransaction", false);
      assertThat(failed.seedText())
          .matches(
              "long transaction: prepared transaction 'pgvitals-forgotten' postgres@postgres open for [2-9]s \\(over 1s\\)");
    } finally {
      primary.execute("rollback prepared 'pgvitals-forgotten'");
    }
    assertThat(await(primary, t, "longTransaction", true).seedText())
        .doesNotContain("pgvitals-forgotten");
  }

  // ---- wraparound -------------------------------------------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void xidAgePastTwiceTheLoweredFreezeMaxAgeFailsNamingTheDatabaseAndRecoversAfterAutovacuum(
      int major) throws Exception {
    PgCluster c = cluster(major);
    PgNode primary = c.primary();
    assertThat(check(primary, RiskThresholds.DEFAULTS, "wraparound").seedText())
        .contains(" of 200000, mxid age ");
    primary.execute(
        """
        create or replace procedure burn_xids(n int) language plpgsql as $$
        begin
          for i in 1..n loop
            perform txid_current();
            commit;
          end loop;
        end $$""");
    // a transaction held open keeps every database's datfrozenxid from passing it while XIDs are
    // used
    SqlConnection holder = await(PgConnection.connect(vertx, primary.superuserOptions()));
    try {
      await(holder.query("begin").execute());
      await(holder.query("select txid_current()").execute());
      long t0 = System.nanoTime();
      primary.query("call burn_xids(210000)", Duration.ofMinutes(3));
      System.err.printf(
          "[risk] PG %d used 210000 XIDs in %d ms%n", major, (System.nanoTime() - t0) / 1_000_000);

      CheckResult failed = await(primary, RiskThresholds.DEFAULTS, "wraparound", false);
      assertThat(failed.seedText())
          .matches(
              "wraparound: database \\S+ xid age \\d+ over 200000 "
                  + "\\(2\\.0 × autovacuum_freeze_max_age\\), \\d+ left before wraparound( \\(\\+\\d+ more databases?\\))?");
    } finally {
      await(holder.close());
    }
    CheckResult recovered = await(primary, RiskThresholds.DEFAULTS, "wraparound", true);
    assertThat(recovered.seedText()).startsWith("wraparound: xid age ");
  }

  // ---- replica ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void aReplicaIsSampledAsPgMonitorAndLeavesArchivingToTheLeader(int major) throws Exception {
    PgCluster c = cluster(major);
    SuiteResult r = risk(c.replica(), RiskThresholds.DEFAULTS);
    assertThat(r.checks())
        .extracting(CheckResult::name)
        .containsExactly(
            "wraparound",
            "replicationSlots",
            "archiving",
            "longTransaction",
            "idleInTransaction",
            "diskForecast");
    assertThat(r.checks().get(1).seedText()).isEqualTo("replication slots: none");
    assertThat(r.checks().get(2).seedText()).isEqualTo("archiving: off");
    assertThat(r.passed()).as(r.toString()).isTrue();

    // what one round costs (reported, not asserted: timings on a shared machine say little)
    long[] nanos = new long[20];
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      risk(c.primary(), RiskThresholds.DEFAULTS);
      nanos[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(nanos);
    System.err.printf(
        "[risk] PG %d pg_health round on the primary: median %.2f ms, max %.2f ms (20 rounds)%n",
        major, nanos[10] / 1e6, nanos[19] / 1e6);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
