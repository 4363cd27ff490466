package dev.pgvitals.postgres;

import dev.pgvitals.check.PgCheckSettings;
import dev.pgvitals.check.PgChecks;
import dev.pgvitals.check.RoleCheck;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.SamplerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The PostgreSQL side of the agent in one place: settings, the local pool, the {@code pg_fast} and
 * {@code pg_leader} samplers with their latest samples, the pg / role suites and the metrics
 * collector. The agent and the CLI's script mode use it like this:
 *
 * <pre>{@code
 * PgMonitoring pg = PgMonitoring.create(vertx, config, System.getenv(), clock); // IAE on bad input
 * pg.deploy().await();                           // first samples are taken during deploy
 * SuiteResult pgSuite = pg.pgSuite(PgCheckSettings.DEFAULTS);
 * SuiteResult role = pg.roleSuite(PgCheckSettings.DEFAULTS);
 * registry.getPrometheusRegistry().register(pg.collector());
 * pg.localPool();                                // shared with the statistics samplers
 * pg.close();
 * }</pre>
 */
public final class PgMonitoring {

  private final Vertx vertx;
  private final PgConfig config;
  private final Clock clock;
  private final PgConnectionSettings local;
  private final Pool localPool;
  private final LatestSample<PgFastSnapshot> fast = new LatestSample<>(PgFastSampler.NAME);
  private final LatestSample<PgLeaderSnapshot> leader = new LatestSample<>(PgLeaderSampler.NAME);
  private final PgFastSampler fastSampler;
  private final PgLeaderSampler leaderSampler;
  private final PgFastCollector collector;
  private final List<String> deployments = new ArrayList<>();

  private PgMonitoring(
      Vertx vertx, PgConfig config, Clock clock, PgConnectionSettings local,
      PgConnectionSettings leaderSettings) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.local = local;
    this.localPool = PgPools.local(vertx, local);
    this.fastSampler = new PgFastSampler(localPool, local);
    this.leaderSampler = new PgLeaderSampler(vertx, local, leaderSettings, config.peers(), fast);
    this.collector = new PgFastCollector(local.serverLabel(), fast, leader);
  }

  /**
   * Resolves the settings (flag, {@code DATABASE_URL}, {@code PG*}, password file) and builds the
   * pool and samplers; nothing connects until {@link #deploy()}.
   *
   * @throws IllegalArgumentException with a one-line reason (never a password) for bad input
   */
  public static PgMonitoring create(Vertx vertx, PgConfig config, Map<String, String> env, Clock clock) {
    Consumer<String> warn = w -> org.slf4j.LoggerFactory.getLogger(PgMonitoring.class).warn("{}", w);
    PgConnectionSettings local = PgConnectionSettingsResolver.resolve(
        config.pgUrl(), env, config.connectTimeout(), config.statementTimeout(), warn);
    PgConnectionSettings leaderSettings = config.leaderUrl() == null ? null
        : PgConnectionSettingsResolver.fromConnInfo(config.leaderUrl(), "--leader-url", env,
            config.connectTimeout(), config.statementTimeout(), warn);
    for (String peer : config.peers()) {
      LeaderCandidates.HostPort.parse(peer, local.port()); // fail fast on a bad entry
    }
    return new PgMonitoring(vertx, config, clock, local, leaderSettings);
  }

  /** Deploys both samplers; completes after their first samples (which may have failed). */
  public Future<Void> deploy() {
    Duration fastDeadline = PgFastSampler.attemptTimeout(local).plusSeconds(1);
    return vertx.deployVerticle(new SamplerVerticle<>(
            fastSampler, fast, config.fastInterval(), fastDeadline, clock))
        .compose(id -> {
          deployments.add(id);
          return vertx.deployVerticle(new SamplerVerticle<>(
              leaderSampler, leader, config.leaderInterval(), fastDeadline.plusSeconds(1), clock));
        })
        .map(id -> {
          deployments.add(id);
          return null;
        });
  }

  public PgConnectionSettings localSettings() {
    return local;
  }

  /** The local node's pool (max {@value PgPools#LOCAL_MAX_SIZE}); other samplers may share it. */
  public Pool localPool() {
    return localPool;
  }

  public LatestSample<PgFastSnapshot> fast() {
    return fast;
  }

  public LatestSample<PgLeaderSnapshot> leader() {
    return leader;
  }

  public PgFastSampler fastSampler() {
    return fastSampler;
  }

  public PgLeaderSampler leaderSampler() {
    return leaderSampler;
  }

  public PgFastCollector collector() {
    return collector;
  }

  /** The pg suite from the latest samples (never waits on PostgreSQL). */
  public SuiteResult pgSuite(PgCheckSettings settings) {
    return PgChecks.evaluate(fast.get(), leader.get(), Instant.now(clock), settings);
  }

  /** The role suite from the latest sample (never waits on PostgreSQL). */
  public SuiteResult roleSuite(PgCheckSettings settings) {
    return RoleCheck.evaluate(fast.get(), Instant.now(clock), settings);
  }

  /** Undeploys the samplers and closes the pools. */
  public Future<Void> close() {
    List<Future<?>> all = new ArrayList<>();
    for (String id : deployments) {
      all.add(vertx.undeploy(id));
    }
    deployments.clear();
    return Future.join(all).transform(ar -> leaderSampler.close()).transform(ar -> localPool.close());
  }
}
