package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.Outcome;
import dev.pgvitals.check.PgCheckSettings;
import dev.pgvitals.check.PgChecks;
import dev.pgvitals.check.RoleCheck;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.postgres.LeaderCandidates;
import dev.pgvitals.postgres.PgAddress;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.postgres.PgFastSampler;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.postgres.PgPools;
import dev.pgvitals.postgres.ReplicationLag;
import dev.pgvitals.postgres.Role;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.sample.ScheduledSampler;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The pg_fast / pg_leader samplers, the pg and role suites and the pg_fast metrics against a real
 * primary + streaming replica of every major under test, connecting as the non-superuser {@code
 * pg_monitor} member {@code pgvitals}.
 */
class PgMonitoringTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration FAST = Duration.ofMillis(200);

  private static Vertx vertx;
  private final List<PgMonitoring> open = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /**
   * Starts both samplers on their timers, as the agent does; completes after their first samples.
   */
  private void deploy(PgMonitoring m) throws Exception {
    for (ScheduledSampler<?> s : m.samplers()) {
      deployments.add(
          vertx
              .deployVerticle(s.verticle(m.samplerDeadline(), Clock.systemUTC()))
              .await(30, TimeUnit.SECONDS));
    }
  }

  /** The pg suite over the latest samples (never waits on PostgreSQL). */
  private static SuiteResult pgSuite(PgMonitoring m) {
    return PgChecks.evaluate(
        m.fast().get(), m.leader().get(), Instant.now(), PgCheckSettings.DEFAULTS);
  }

  /** The role suite over the latest sample. */
  private static SuiteResult roleSuite(PgMonitoring m) {
    return RoleCheck.evaluate(m.fast().get(), Instant.now(), PgCheckSettings.DEFAULTS);
  }

  @AfterEach
  void closeMonitors() throws Exception {
    for (String id : deployments) {
      vertx.undeploy(id).await(30, TimeUnit.SECONDS);
    }
    deployments.clear();
    for (PgMonitoring m : open) {
      m.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    open.clear();
  }

  private PgMonitoring monitor(String url, Duration connectTimeout) throws Exception {
    PgConfig config =
        PgConfig.defaults()
            .withPgUrl(url)
            .withConnectTimeout(connectTimeout)
            .withIntervals(FAST, FAST);
    PgMonitoring m = PgMonitoring.create(vertx, config, Map.of(), Clock.systemUTC());
    open.add(m);
    deploy(m);
    return m;
  }

  private PgMonitoring monitor(PgNode node) throws Exception {
    return monitor(node.monitorUrl(), Duration.ofSeconds(3));
  }

  /** Seed lines as checks.md prints them: failures first, framework-only checks left out. */
  static List<String> seed(SuiteResult r) {
    List<String> out = new ArrayList<>();
    for (CheckResult c : r.checks()) {
      if (!c.passed() && c.inSeed()) {
        out.add("[✗] " + c.seedText());
      }
    }
    for (CheckResult c : r.checks()) {
      if (c.passed() && c.inSeed()) {
        out.add("[✓] " + c.seedText());
      }
    }
    return out;
  }

  static List<String> framework(SuiteResult r) {
    List<String> out = new ArrayList<>();
    for (CheckResult c : r.checks()) {
      out.add((c.passed() ? "[✓] " : "[✗] ") + c.name() + ": " + c.frameworkText());
    }
    return out;
  }

  private static PgFastSnapshot awaitOk(PgMonitoring m) {
    return Wait.untilValue(
        "an ok pg_fast sample", WAIT, () -> m.fast().value().orElse(null), v -> v != null);
  }

  private static double gauge(MetricSnapshots snaps, String name) {
    for (MetricSnapshot s : snaps) {
      if (s.getMetadata().getName().equals(name)) {
        return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no family " + name);
  }

  private static List<String> names(MetricSnapshots snaps) {
    return snaps.stream().map(s -> s.getMetadata().getName()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void leaderPrintsCurrentlyLeaderAndConnections(PgCluster pg) throws Exception {
    PgMonitoring m = monitor(pg.primary());
    PgFastSnapshot s = awaitOk(m);

    assertThat(s.majorVersion()).isEqualTo(pg.major());
    assertThat(s.inRecovery()).isFalse();
    assertThat(s.role()).isEqualTo(Role.LEADER);
    assertThat(s.dataDirectory()).isEqualTo(pg.primary().dataDir().toString());
    assertThat(s.serverVersionNum() / 10000).isEqualTo(pg.major());
    assertThat(s.upstream()).isEmpty();
    assertThat(s.currentWalLsn()).isPresent();
    assertThat(s.maxConnections()).isEqualTo(50);
    assertThat(s.reservedConnections()).isEqualTo(3);

    SuiteResult suite = pgSuite(m);
    assertThat(suite.passed()).isTrue();
    List<String> lines = seed(suite);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("[✓] replication: currently leader");
    assertThat(lines.get(1)).matches("\\[✓] connections: \\d+ used, 3 reserved, 50 max");
    assertThat(framework(suite)).element(0).isEqualTo("[✓] transactions: read/write");
    assertThat(framework(suite)).element(1).isEqualTo("[✓] replication: currently leader");
    assertThat(suite.checks()).allSatisfy(c -> assertThat(c.elapsed()).isPositive());

    SuiteResult role = roleSuite(m);
    assertThat(role.checks()).singleElement().extracting(CheckResult::seedText).isEqualTo("leader");

    assertThat(m.leader().value()).hasValueSatisfying(l -> assertThat(l.needed()).isFalse());

    MetricSnapshots metrics = m.collector().collect();
    assertThat(names(metrics))
        .containsExactlyInAnyOrder(
            "pg_up",
            "pg_replication_is_replica",
            "pg_static",
            "pg_settings_max_connections",
            "pg_settings_superuser_reserved_connections",
            "pg_postmaster_start_time_seconds",
            "pg_replication_lag",
            "pg_replication_lag_seconds",
            "pg_replication_last_replay_seconds");
    assertThat(gauge(metrics, "pg_settings_max_connections")).isEqualTo(50);
    assertThat(gauge(metrics, "pg_settings_superuser_reserved_connections")).isEqualTo(3);
    assertThat(gauge(metrics, "pg_up")).isEqualTo(1);
    assertThat(gauge(metrics, "pg_replication_is_replica")).isEqualTo(0);
    assertThat(gauge(metrics, "pg_replication_lag")).isEqualTo(0);
    assertThat(gauge(metrics, "pg_postmaster_start_time_seconds"))
        .isEqualTo(s.postmasterStartTime().toEpochMilli() / 1000.0);
    GaugeSnapshot stat =
        (GaugeSnapshot)
            metrics.stream()
                .filter(x -> x.getMetadata().getName().equals("pg_static"))
                .findFirst()
                .orElseThrow();
    assertThat(stat.getDataPoints().get(0).getLabels().get("server"))
        .isEqualTo("127.0.0.1:" + pg.primary().port());
    assertThat(stat.getDataPoints().get(0).getLabels().get("short_version"))
        .startsWith(pg.major() + ".")
        .endsWith(".0");
    assertThat(stat.getDataPoints().get(0).getLabels().get("version"))
        .startsWith("PostgreSQL " + pg.major());
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void replicaPrintsLeaderCheckLagAndConnections(PgCluster pg) throws Exception {
    PgMonitoring m = monitor(pg.replica());
    PgFastSnapshot s = awaitOk(m);
    assertThat(s.inRecovery()).isTrue();
    assertThat(s.majorVersion()).isEqualTo(pg.major());
    assertThat(s.dataDirectory()).isEqualTo(pg.replica().dataDir().toString());
    assertThat(s.walReceiverStatus()).contains("streaming");
    assertThat(s.upstream())
        .hasValueSatisfying(
            u -> {
              assertThat(u.applicationName()).isEqualTo(PgCluster.REPLICA_APPLICATION_NAME);
              assertThat(u.host()).contains("127.0.0.1");
              assertThat(u.port()).hasValue(pg.primary().port());
            });

    String leaderLine = "[✓] leader check: 127.0.0.1:" + pg.primary().port() + " connected";
    SuiteResult suite =
        Wait.untilValue("replica pg suite passing", WAIT, () -> pgSuite(m), SuiteResult::passed);
    List<String> lines = seed(suite);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(leaderLine);
    assertThat(lines.get(1)).matches("\\[✓] replication lag: (0s|\\d+(\\.\\d+)?(ns|µs|ms|s))");
    assertThat(lines.get(2)).matches("\\[✓] connections: \\d+ used, 3 reserved, 50 max");
    assertThat(framework(suite)).element(0).isEqualTo("[✓] transactions: readonly");
    assertThat(framework(suite))
        .element(1)
        .isEqualTo("[✓] leaderCheck: 127.0.0.1:" + pg.primary().port() + " connected");

    PgLeaderSnapshot leader = m.leader().value().orElseThrow();
    assertThat(leader.discoveredBy()).isEqualTo("primary_conninfo");
    assertThat(leader.standby())
        .hasValueSatisfying(
            r -> assertThat(r.applicationName()).isEqualTo(PgCluster.REPLICA_APPLICATION_NAME));

    SuiteResult role = roleSuite(m);
    assertThat(role.checks())
        .singleElement()
        .extracting(CheckResult::seedText)
        .isEqualTo("replica");
    assertThat(gauge(m.collector().collect(), "pg_replication_is_replica")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void leaderIsFoundAmongPeersOrFromAnExplicitLeaderUrl(PgCluster pg) throws Exception {
    int primary = pg.primary().port();
    PgConfig base =
        PgConfig.defaults().withPgUrl(pg.replica().monitorUrl()).withIntervals(FAST, FAST);
    PgMonitoring viaPeers =
        PgMonitoring.create(
            vertx,
            base.withPeers(
                List.of(
                    new LeaderCandidates.Peer("127.0.0.1", OptionalInt.of(pg.replica().port())),
                    new LeaderCandidates.Peer("localhost", OptionalInt.of(primary)))),
            Map.of(),
            Clock.systemUTC());
    PgMonitoring viaUrl =
        PgMonitoring.create(
            vertx, base.withLeaderUrl(pg.primary().monitorUrl()), Map.of(), Clock.systemUTC());
    for (PgMonitoring m : List.of(viaPeers, viaUrl)) {
      open.add(m);
      deploy(m);
    }
    for (PgMonitoring m : List.of(viaPeers, viaUrl)) {
      PgLeaderSnapshot l =
          Wait.untilValue(
              "leader found",
              WAIT,
              () -> m.leader().value().filter(PgLeaderSnapshot::needed).orElse(null),
              x -> x != null);
      assertThat(l.address()).hasValue(new PgAddress("127.0.0.1", primary));
      assertThat(l.standby()).isPresent();
    }
    assertThat(viaPeers.leader().value().orElseThrow().discoveredBy()).isEqualTo("--peers");
    assertThat(viaUrl.leader().value().orElseThrow().discoveredBy()).isEqualTo("--leader-url");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void idleHealthyPairShowsZeroLagSampleAfterSample(PgCluster pg) throws Exception {
    pg.awaitReplicaCaughtUp();
    PgMonitoring m = monitor(pg.replica());
    awaitOk(m);
    List<Sample<PgFastSnapshot>> seen = new CopyOnWriteArrayList<>();
    m.fast().onSample(seen::add);
    Wait.until("six more samples", WAIT, () -> seen.size() >= 6);
    for (Sample<PgFastSnapshot> s : seen) {
      assertThat(s.ok()).isTrue();
      assertThat(ReplicationLag.of(s, m.leader().get()).lag()).isZero();
    }
    assertThat(gauge(m.collector().collect(), "pg_replication_lag")).isZero();
    assertThat(seed(pgSuite(m))).element(1).isEqualTo("[✓] replication lag: 0s");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void pausedReplayWithWritesOnThePrimaryShowsGrowingLag(PgCluster pg) throws Exception {
    PgMonitoring m = monitor(pg.replica());
    Wait.until(
        "caught up", WAIT, () -> m.fast().value().map(PgFastSnapshot::caughtUp).orElse(false));
    pg.replica().pauseReplay();
    try {
      pg.primary().execute("CREATE TABLE IF NOT EXISTS lag_probe (i int)");
      pg.primary().execute("INSERT INTO lag_probe VALUES (1)");
      Duration first =
          Wait.untilValue(
              "lag above zero",
              WAIT,
              () -> ReplicationLag.of(m.fast().get().orElseThrow(), m.leader().get()).lag(),
              d -> !d.isZero() && !d.isNegative());
      Wait.until(
          "lag growing",
          WAIT,
          () ->
              ReplicationLag.of(m.fast().get().orElseThrow(), m.leader().get())
                      .lag()
                      .compareTo(first)
                  > 0);
      assertThat(gauge(m.collector().collect(), "pg_replication_lag")).isPositive();
      assertThat(seed(pgSuite(m)))
          .element(1)
          .asString()
          .matches("\\[✓] replication lag: \\d+(\\.\\d+)?(µs|ms|s)");
    } finally {
      pg.replica().resumeReplay();
    }
    Wait.until(
        "lag back to zero",
        WAIT,
        () -> ReplicationLag.of(m.fast().get().orElseThrow(), m.leader().get()).lag().isZero());
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void stoppedPrimaryMakesTheReplicaNotStreamingAndTheLeaderUnreachable(PgCluster pg)
      throws Exception {
    PgMonitoring m = monitor(pg.replica());
    awaitOk(m);
    pg.primary().stop();
    try {
      SuiteResult suite =
          Wait.untilValue(
              "replica suite failing on lag and leader",
              WAIT,
              () -> pgSuite(m),
              r ->
                  seed(r).size() == 3
                      && seed(r).get(1).startsWith("[✗] replication lag: not streaming ("));
      List<String> lines = seed(suite);
      assertThat(lines.get(0)).startsWith("[✗] leader check: ");
      assertThat(lines.get(1))
          .matches(
              "\\[✗] replication lag: not streaming \\((stopped|starting|waiting|restarting|stopping)\\)");
      assertThat(lines.get(2)).startsWith("[✓] connections: ");
      assertThat(suite.passed()).isFalse();
    } finally {
      pg.primary().start();
      pg.awaitStreaming();
    }
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void wrongPasswordFailsTheSampleWithAClearReasonAndNoPassword(PgCluster pg) throws Exception {
    String secret = "not-the-Secret-42";
    PgMonitoring m =
        monitor(
            pg.primary().url(PgCluster.MONITOR_USER, secret, "postgres"), Duration.ofSeconds(3));
    Sample<PgFastSnapshot> s =
        Wait.untilValue("a sample", WAIT, () -> m.fast().get().orElse(null), x -> x != null);
    assertThat(s.ok()).isFalse();
    assertThat(s.error()).contains("password authentication failed").doesNotContain(secret);

    SuiteResult suite = pgSuite(m);
    assertThat(suite.setupError())
        .startsWith("failed to connect to local node: ")
        .contains("password authentication failed")
        .doesNotContain(secret);
    assertThat(roleSuite(m).setupError()).isEqualTo(suite.setupError());
    MetricSnapshots metrics = m.collector().collect();
    assertThat(names(metrics)).containsExactly("pg_up");
    assertThat(gauge(metrics, "pg_up")).isZero();
    assertThat(m.localSettings().toString())
        .doesNotContain(secret)
        .isEqualTo("postgres://pgvitals@127.0.0.1:" + pg.primary().port() + "/postgres");
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void frozenServerFailsWithinTheDeadlineAndLeavesNoPileOfConnections(PgCluster pg)
      throws Exception {
    PgMonitoring m = monitor(pg.primary().monitorUrl(), Duration.ofSeconds(1));
    awaitOk(m);
    Duration attempt = PgFastSampler.attemptTimeout(m.localSettings());
    List<Sample<PgFastSnapshot>> seen = new CopyOnWriteArrayList<>();
    m.fast().onSample(seen::add);
    pg.primary().freeze();
    try {
      Wait.until("a failed sample", WAIT, () -> seen.stream().anyMatch(x -> !x.ok()));
      Wait.until(
          "several failed samples", WAIT, () -> seen.stream().filter(x -> !x.ok()).count() >= 4);
      for (Sample<PgFastSnapshot> s : seen) {
        if (!s.ok()) {
          assertThat(s.took()).isLessThan(attempt.plusMillis(500));
        }
      }
      assertThat(gauge(m.collector().collect(), "pg_up")).isZero();
      assertThat(m.localPool().size()).isLessThanOrEqualTo(PgPools.LOCAL_MAX_SIZE);
    } finally {
      pg.primary().thaw();
    }
    Wait.until("an ok sample after thaw", WAIT, () -> m.fast().get().map(Sample::ok).orElse(false));
    Wait.until(
        "at most the pool's connections on the server",
        WAIT,
        () ->
            Integer.parseInt(
                    pg.primary()
                        .queryString(
                            "select count(*) from pg_stat_activity where application_name = 'pgvitals'"))
                <= PgPools.LOCAL_MAX_SIZE);
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @PgMajors
  void promotedReplicaBecomesLeader(int major) throws Exception {
    try (PgCluster pg = PgCluster.start(major)) {
      PgMonitoring m = monitor(pg.replica());
      assertThat(awaitOk(m).role()).isEqualTo(Role.REPLICA);
      // a failover: the old primary goes first. Promoting beside a running primary is a split
      // brain, which the promoted node reports as soon as it has asked its former upstream
      // (SplitBrainTest); CI once met that when the leader sampler was quicker than the promotion.
      pg.primary().stop();
      pg.replica().promote();
      SuiteResult role =
          Wait.untilValue(
              "role leader",
              WAIT,
              () -> roleSuite(m),
              r -> r.passed() && r.checks().get(0).seedText().equals("leader"));
      assertThat(role.checks().get(0).outcome()).isEqualTo(Outcome.PASSED);
      // A sample taken during promotion can see pg_is_in_recovery() already false in a transaction
      // that started read-only; the next sample is read/write.
      SuiteResult pgSuite =
          Wait.untilValue("pg suite passes as leader", WAIT, () -> pgSuite(m), SuiteResult::passed);
      assertThat(seed(pgSuite)).element(0).isEqualTo("[✓] replication: currently leader");
      assertThat(Optional.of(gauge(m.collector().collect(), "pg_replication_is_replica")))
          .contains(0.0);
    }
  }
}
