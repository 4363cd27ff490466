package dev.pgvitals.agent;

import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.check.VmSuite;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.host.DataPath;
import dev.pgvitals.host.HostSampler;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.host.OshiHostHardware;
import dev.pgvitals.host.ProcFs;
import dev.pgvitals.host.HostCollector;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgCatalogSampler;
import dev.pgvitals.postgres.PgSizesCollector;
import dev.pgvitals.postgres.PgSizesSampler;
import dev.pgvitals.postgres.PgSizesSnapshot;
import dev.pgvitals.postgres.PgStatsCollector;
import dev.pgvitals.postgres.PgStatsSampler;
import dev.pgvitals.postgres.PgStatsSnapshot;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.ScheduledSampler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one node is made of, shared by the agent and script mode: its samplers (with intervals
 * and deadlines), the suites that judge their samples, and the metric collectors that read them.
 * Without PostgreSQL settings the node is host-only and the pg and role suites say so.
 */
public final class Node {

  /** The pg/role setup error when no connection is configured. */
  public static final String PG_NOT_CONFIGURED =
      "failed to connect to local node: no PostgreSQL configured (set --pg-url, DATABASE_URL or PGHOST)";

  private final AgentConfig config;
  private final Clock clock;
  private final ScheduledSampler<HostSnapshot> host;
  private final Optional<PgMonitoring> pg;
  private final Optional<ScheduledSampler<PgCatalogSampler.Catalog>> catalog;
  private final List<ScheduledSampler<?>> samplers = new ArrayList<>();
  private final Map<String, Duration> deadlines = new HashMap<>();
  private final List<Suite> suites = new ArrayList<>();
  private final List<MultiCollector> collectors = new ArrayList<>();
  private final RiskMonitoring risk;

  private Node(AgentConfig config, Vertx vertx, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.pg = config.pg().map(c -> PgMonitoring.create(vertx, c, System.getenv(), clock));
    HostSampler hostSampler = new HostSampler(vertx, new ProcFs(Path.of(config.procRoot())),
        new OshiHostHardware(), DataPath.supplier(config.dataPath().orElse(null), this::pgDataDirectory));
    this.host = ScheduledSampler.of(hostSampler, config.hostInterval());
    add(host, config.checkDeadline());
    suites.add(new VmSuite(host.latest(), config.vm(), config.hostInterval(), config.checkDeadline()));
    collectors.add(new HostCollector(host.latest()));
    if (pg.isPresent()) {
      PgMonitoring p = pg.get();
      p.samplers().forEach(s -> add(s, p.samplerDeadline()));
      suites.addAll(p.suites(p.defaultCheckSettings()));
      collectors.add(p.collector());
      String server = p.localSettings().serverLabel();
      ScheduledSampler<PgStatsSnapshot> stats =
          ScheduledSampler.of(new PgStatsSampler(p.localPool(), server), config.pgStatsInterval());
      add(stats, p.samplerDeadline());
      collectors.add(new PgStatsCollector(stats.latest()));
      ScheduledSampler<PgSizesSnapshot> sizes =
          ScheduledSampler.of(new PgSizesSampler(p.localPool(), server), config.pgSizesInterval());
      add(sizes, p.samplerDeadline());
      collectors.add(new PgSizesCollector(sizes.latest()));
      this.catalog = Optional.of(ScheduledSampler.of(new PgCatalogSampler(p.localPool()), config.pgSizesInterval()));
      add(catalog.get(), p.samplerDeadline());
    } else {
      this.catalog = Optional.empty();
      suites.add(notConfigured("pg"));
      suites.add(notConfigured("role"));
    }
    this.risk = new RiskMonitoring(config, host.latest(), pg, clock);
    risk.sampler().ifPresent(s -> add(s, pg.get().samplerDeadline()));
    collectors.addAll(risk.collectors());
    if (config.risk().listed(config.format())) {
      suites.add(risk.suite());
    }
  }

  /**
   * @throws IllegalArgumentException with a one-line reason (never a password) when the
   *     PostgreSQL settings are unusable
   */
  public static Node create(AgentConfig config, Vertx vertx, Clock clock) {
    return new Node(config, vertx, clock);
  }

  private void add(ScheduledSampler<?> s, Duration deadline) {
    samplers.add(s);
    deadlines.put(s.sampler().name(), deadline);
  }

  private static Suite notConfigured(String name) {
    return new Suite() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public SuiteResult evaluate(Instant now) {
        return SuiteResult.setupFailed(name, PG_NOT_CONFIGURED);
      }
    };
  }

  private Optional<String> pgDataDirectory() {
    return pg.flatMap(p -> p.fast().value()).map(PgFastSnapshot::dataDirectory);
  }

  public List<ScheduledSampler<?>> samplers() {
    return samplers;
  }

  /**
   * Deploys every sampler on its timer; completes when each has its first sample. Order matters
   * for first samples: PostgreSQL's local state comes first when the disk check's path depends on
   * its data directory; the leader sampler follows the local one (it reads its sample), and the
   * statistics samplers follow them; the host sampler otherwise starts at once, in parallel.
   */
  public Future<Void> deploy(Vertx vertx) {
    if (pg.isEmpty()) {
      return deployInOrder(vertx, List.of(host));
    }
    List<ScheduledSampler<?>> pgChain = samplers.subList(1, samplers.size());
    if (!hostWaitsForPg()) {
      return Future.all(deployInOrder(vertx, List.of(host)), deployInOrder(vertx, pgChain)).mapEmpty();
    }
    ScheduledSampler<?> fast = pgChain.get(0); // pg_fast
    return deployInOrder(vertx, List.of(fast)).compose(v -> Future.all(
        deployInOrder(vertx, List.of(host)), deployInOrder(vertx, pgChain.subList(1, pgChain.size())))).mapEmpty();
  }

  /** True when the disk check's path is PostgreSQL's data directory, known only after a pg_fast sample. */
  private boolean hostWaitsForPg() {
    return pg.isPresent() && config.dataPath().isEmpty()
        && !DataPath.choose(null, Optional.empty()).equals(DataPath.DEFAULT);
  }

  private Future<Void> deployInOrder(Vertx vertx, List<ScheduledSampler<?>> chain) {
    Future<?> f = Future.succeededFuture();
    for (ScheduledSampler<?> s : chain) {
      f = f.compose(v -> vertx.deployVerticle(s.verticle(deadline(s), clock)));
    }
    return f.mapEmpty();
  }

  /** The deadline of one sample of the given sampler. */
  public Duration deadline(ScheduledSampler<?> s) {
    return deadlines.getOrDefault(s.sampler().name(), config.checkDeadline());
  }

  public List<Suite> suites() {
    return suites;
  }

  /**
   * Every suite this node can evaluate: {@link #suites()} and, when it is not listed there, the
   * risk suite (served at {@code /flycheck/risk} and by {@code check risk} either way).
   */
  public List<Suite> allSuites() {
    if (suites.contains(risk.suite())) {
      return suites;
    }
    List<Suite> all = new ArrayList<>(suites);
    all.add(risk.suite());
    return all;
  }

  /** The risk suite's sampler, disk history and suite. */
  public RiskMonitoring risk() {
    return risk;
  }

  public List<MultiCollector> collectors() {
    return collectors;
  }

  public LatestSample<HostSnapshot> host() {
    return host.latest();
  }

  public Optional<PgMonitoring> pg() {
    return pg;
  }

  /** The {@code pg_catalog} sampler's latest sample (users and databases), when PostgreSQL is configured. */
  public Optional<LatestSample<PgCatalogSampler.Catalog>> catalog() {
    return catalog.map(ScheduledSampler::latest);
  }

  /** How old a {@code pg_fast} sample may be and still count (three intervals plus the deadline). */
  public Duration pgMaxAge() {
    return pg.map(p -> p.defaultCheckSettings().staleAfter()).orElse(Duration.ZERO);
  }

  /** How old a {@code pg_catalog} sample may be and still count. */
  public Duration catalogMaxAge() {
    return config.pgSizesInterval().multipliedBy(3).plus(pg.map(PgMonitoring::samplerDeadline).orElse(Duration.ZERO));
  }

  /**
   * Script mode: one sample of the fast samplers (host and PostgreSQL state, the leader after the
   * local node because it needs it); statistics samplers are not needed by any suite. Always
   * succeeds; failures land in the samples.
   */
  public Future<Void> sampleOnce() {
    if (pg.isEmpty()) {
      return host.sampleOnce(config.checkDeadline(), clock).mapEmpty();
    }
    PgMonitoring p = pg.get();
    if (!hostWaitsForPg()) {
      return Future.join(host.sampleOnce(config.checkDeadline(), clock), p.sampleOnce(p.samplerDeadline())).mapEmpty();
    }
    ScheduledSampler<?> fast = p.samplers().get(0); // PgMonitoring lists pg_fast, then pg_leader
    ScheduledSampler<?> leader = p.samplers().get(1);
    return fast.sampleOnce(p.samplerDeadline(), clock).compose(v -> Future.join(
        host.sampleOnce(config.checkDeadline(), clock), leader.sampleOnce(p.samplerDeadline(), clock))).mapEmpty();
  }

  /** Script mode for {@code check risk}: {@link #sampleOnce()} and one {@code pg_health} sample. */
  public Future<Void> sampleOnceWithRisk() {
    Future<Void> base = sampleOnce();
    if (risk.sampler().isEmpty()) {
      return base;
    }
    return Future.join(base, risk.sampler().get().sampleOnce(pg.get().samplerDeadline(), clock)).mapEmpty();
  }

  /** Closes the PostgreSQL pools. */
  public Future<Void> close() {
    return pg.map(PgMonitoring::close).orElse(Future.succeededFuture());
  }
}
