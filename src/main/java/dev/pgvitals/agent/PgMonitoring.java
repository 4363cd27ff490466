package dev.pgvitals.agent;

import dev.pgvitals.check.PgCheckSettings;
import dev.pgvitals.check.PgSuite;
import dev.pgvitals.check.RoleSuite;
import dev.pgvitals.check.Suite;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.postgres.PgConnectionSettings;
import dev.pgvitals.postgres.PgConnectionSettingsResolver;
import dev.pgvitals.postgres.PgFastCollector;
import dev.pgvitals.postgres.PgFastSampler;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSampler;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.postgres.PgPools;
import dev.pgvitals.postgres.ReachabilityProbe;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.ScheduledSampler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
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
 * // agent (dev.pgvitals.agent.Node): samplers, suites, collector
 * pg.samplers();                                  // ScheduledSampler pg_fast, pg_leader
 * pg.samplerDeadline();                           // their SamplerVerticle deadline
 * pg.suites(pg.defaultCheckSettings());           // PgSuite "pg", RoleSuite "role"
 * registry.getPrometheusRegistry().register(pg.collector());
 * pg.localPool();                                 // shared with the statistics samplers
 * // script mode: pg.sampleOnce(deadline) (fast, then leader), then the suites
 * pg.close();
 * }</pre>
 */
public final class PgMonitoring {

  private final PgConfig config;
  private final Clock clock;
  private final PgConnectionSettings local;
  private final Pool localPool;
  private final ScheduledSampler<PgFastSnapshot> fast;
  private final ScheduledSampler<PgLeaderSnapshot> leader;
  private final PgFastSampler fastSampler;
  private final PgLeaderSampler leaderSampler;
  private final PgFastCollector collector;

  private PgMonitoring(
      Vertx vertx,
      PgConfig config,
      Clock clock,
      PgConnectionSettings local,
      PgConnectionSettings leaderSettings) {
    this.config = config;
    this.clock = clock;
    this.local = local;
    this.localPool = PgPools.local(vertx, local);
    this.fastSampler = new PgFastSampler(localPool, local, ReachabilityProbe.of(vertx, local));
    this.fast = ScheduledSampler.of(fastSampler, config.fastInterval());
    this.leaderSampler =
        new PgLeaderSampler(vertx, local, leaderSettings, config.peers(), fast.latest());
    this.leader = ScheduledSampler.of(leaderSampler, config.leaderInterval());
    this.collector =
        new PgFastCollector(
            local.serverLabel(), fast.latest(), leader.latest(), config.exporterNames());
  }

  /**
   * Resolves the settings (flag, {@code DATABASE_URL}, {@code PG*}, password file) and builds the
   * pool and samplers; nothing connects until {@link #deploy()}.
   *
   * @throws IllegalArgumentException with a one-line reason (never a password) for bad input
   */
  public static PgMonitoring create(
      Vertx vertx, PgConfig config, Map<String, String> env, Clock clock) {
    Consumer<String> warn =
        w -> org.slf4j.LoggerFactory.getLogger(PgMonitoring.class).warn("{}", w);
    PgConnectionSettings local =
        PgConnectionSettingsResolver.resolve(
            config.pgUrl(), env, config.connectTimeout(), config.statementTimeout(), warn);
    PgConnectionSettings leaderSettings =
        config.leaderUrl() == null
            ? null
            : PgConnectionSettingsResolver.fromConnInfo(
                config.leaderUrl(),
                "--leader-url",
                env,
                config.connectTimeout(),
                config.statementTimeout(),
                warn);
    return new PgMonitoring(vertx, config, clock, local, leaderSettings);
  }

  /**
   * The sampler deadline to give both samplers' {@link dev.pgvitals.sample.SamplerVerticle}s: one
   * attempt (connect + statement timeout) plus 1 s, so the samplers' own, clearer timeouts fire
   * first.
   */
  public Duration samplerDeadline() {
    return PgFastSampler.attemptTimeout(local).plusSeconds(1);
  }

  /**
   * The two samplers with their intervals, fast first. The leader sampler reads the fast sampler's
   * latest sample (role, primary_conninfo), so run the fast one first when sampling once ({@link
   * #sampleOnce}).
   */
  public List<ScheduledSampler<?>> samplers() {
    return List.of(fast, leader);
  }

  /** The pg and role suites over the latest samples. */
  public List<Suite> suites(PgCheckSettings settings) {
    return List.of(
        new PgSuite(fast.latest(), leader.latest(), settings),
        new RoleSuite(fast.latest(), settings));
  }

  /**
   * Staleness limit like the vm suite's: three fast intervals plus the sampler deadline, with the
   * default lag and connection thresholds.
   */
  public PgCheckSettings defaultCheckSettings() {
    return new PgCheckSettings(
        PgCheckSettings.DEFAULTS.maxReplicationLag(),
        PgCheckSettings.DEFAULTS.spareConnections(),
        config.fastInterval().multipliedBy(3).plus(samplerDeadline()));
  }

  /**
   * Script mode: one fast sample, then one leader sample (which needs the first); always succeeds.
   */
  public Future<Void> sampleOnce(Duration deadline) {
    return fast.sampleOnce(deadline, clock)
        .compose(s -> leader.sampleOnce(deadline, clock))
        .mapEmpty();
  }

  public PgFastSampler fastSampler() {
    return fastSampler;
  }

  public PgConnectionSettings localSettings() {
    return local;
  }

  /** The local node's pool (max {@value PgPools#LOCAL_MAX_SIZE}); other samplers may share it. */
  public Pool localPool() {
    return localPool;
  }

  public LatestSample<PgFastSnapshot> fast() {
    return fast.latest();
  }

  public LatestSample<PgLeaderSnapshot> leader() {
    return leader.latest();
  }

  public PgFastCollector collector() {
    return collector;
  }

  /** Closes the pools; the samplers' verticles are stopped first by whoever deployed them. */
  public Future<Void> close() {
    return leaderSampler.close().transform(ar -> localPool.close());
  }
}
