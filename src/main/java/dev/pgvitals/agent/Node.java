package dev.pgvitals.agent;

import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteName;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.check.VmSuite;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.host.DataPath;
import dev.pgvitals.host.HostCollector;
import dev.pgvitals.host.HostSampler;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.host.OshiHostHardware;
import dev.pgvitals.host.ProcFs;
import dev.pgvitals.host.ProcessCollector;
import dev.pgvitals.host.ProcessSampler;
import dev.pgvitals.host.ProcessSnapshot;
import dev.pgvitals.postgres.ExporterNames;
import dev.pgvitals.postgres.PgCatalogSampler;
import dev.pgvitals.postgres.PgExporterHealthCollector;
import dev.pgvitals.postgres.PgFastSampler;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSampler;
import dev.pgvitals.postgres.PgSizesCollector;
import dev.pgvitals.postgres.PgSizesSampler;
import dev.pgvitals.postgres.PgSizesSnapshot;
import dev.pgvitals.postgres.PgStatsCollector;
import dev.pgvitals.postgres.PgStatsSampler;
import dev.pgvitals.postgres.PgStatsSnapshot;
import dev.pgvitals.postgres.PgTableStatsCollector;
import dev.pgvitals.postgres.PgTableStatsSampler;
import dev.pgvitals.postgres.PgTableStatsSnapshot;
import dev.pgvitals.postgres.PgViews;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.SamplerVerticle;
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
import java.util.function.Function;

/**
 * What one node is made of, shared by the agent and script mode: its samplers (with intervals and
 * deadlines), the suites that judge their samples, and the metric collectors that read them.
 * Without PostgreSQL settings the node is host-only and the pg and role suites say so.
 */
public final class Node {

  /** The pg/role setup error when no connection is configured. */
  public static final String PG_NOT_CONFIGURED =
      "failed to connect to local node: no PostgreSQL configured (set --pg-url, DATABASE_URL or PGHOST)";

  private final AgentConfig config;
  private final Clock clock;
  private final ScheduledSampler<HostSnapshot> host;
  private final ScheduledSampler<ProcessSnapshot> process;
  private final Optional<PgMonitoring> pg;
  private final Optional<ScheduledSampler<PgCatalogSampler.Catalog>> catalog;
  private final Optional<PgTableStatsSampler> tableStats;
  private final List<ScheduledSampler<?>> samplers = new ArrayList<>();
  private final Map<String, Duration> deadlines = new HashMap<>();

  /** Per sampler, the samplers whose first sample it needs before it starts (declared order). */
  private final Map<String, List<String>> after = new HashMap<>();

  private final List<Suite> suites = new ArrayList<>();
  private final List<MultiCollector> collectors = new ArrayList<>();
  private final RiskMonitoring risk;

  private Node(AgentConfig config, Vertx vertx, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.pg = config.pg().map(c -> PgMonitoring.create(vertx, c, System.getenv(), clock));
    HostSampler hostSampler =
        new HostSampler(
            vertx,
            new ProcFs(Path.of(config.procRoot())),
            new OshiHostHardware(),
            DataPath.supplier(config.dataPath().orElse(null), this::pgDataDirectory));
    this.host = ScheduledSampler.of(hostSampler, config.hostInterval());
    // The disk check's path may be PostgreSQL's data directory, known after a pg_fast sample.
    add(host, config.checkDeadline(), hostWaitsForPg() ? List.of(PgFastSampler.NAME) : List.of());
    // the agent's own process_* families; not in samplers(): no suite reads it
    this.process = ScheduledSampler.of(new ProcessSampler(vertx), config.hostInterval());
    collectors.add(new ProcessCollector(process.latest()));
    suites.add(
        new VmSuite(host.latest(), config.vm(), config.hostInterval(), config.checkDeadline()));
    collectors.add(new HostCollector(host.latest()));
    if (pg.isPresent()) {
      PgMonitoring p = pg.get();
      // pg_leader reads pg_fast's sample (role, upstream); the statistics samplers start one after
      // the other behind them, so start-up does not open every pool connection at once.
      for (ScheduledSampler<?> s : p.samplers()) {
        boolean leader = s.sampler().name().equals(PgLeaderSampler.NAME);
        add(s, p.samplerDeadline(), leader ? List.of(PgFastSampler.NAME) : List.of());
      }
      suites.addAll(p.suites(p.defaultCheckSettings()));
      collectors.add(p.collector());
      String server = p.localSettings().serverLabel();
      ExporterNames names = config.pg().get().exporterNames();
      List<String> tableDatabases = config.pg().get().tableStatsDatabases();
      // with --pg-table-stats-databases the per-table views move to the pg_tables sampler
      ScheduledSampler<PgStatsSnapshot> stats =
          ScheduledSampler.of(
              new PgStatsSampler(
                  p.localPool(), server, PgViews.stats(names, tableDatabases.isEmpty())),
              config.pgStatsInterval());
      add(stats, p.samplerDeadline(), List.of(PgLeaderSampler.NAME));
      collectors.add(new PgStatsCollector(stats.latest(), names));
      ScheduledSampler<PgSizesSnapshot> sizes =
          ScheduledSampler.of(new PgSizesSampler(p.localPool(), server), config.pgSizesInterval());
      add(sizes, p.samplerDeadline(), List.of(PgStatsSampler.NAME));
      collectors.add(new PgSizesCollector(sizes.latest()));
      this.catalog =
          Optional.of(
              ScheduledSampler.of(new PgCatalogSampler(p.localPool()), config.pgSizesInterval()));
      add(catalog.get(), p.samplerDeadline(), List.of(PgSizesSampler.NAME));
      List<LatestSample<?>> pgSamplers =
          new ArrayList<>(List.of(p.fast(), stats.latest(), sizes.latest()));
      if (!tableDatabases.isEmpty()) {
        // '*' reads the databases pg_catalog lists for the agent's role: it starts after that
        // sample
        boolean all = tableDatabases.equals(List.of(PgTableStatsSampler.ALL));
        PgTableStatsSampler ts =
            all
                ? PgTableStatsSampler.discovering(vertx, p.localSettings(), catalog.get().latest())
                : new PgTableStatsSampler(vertx, p.localSettings(), tableDatabases);
        this.tableStats = Optional.of(ts);
        ScheduledSampler<PgTableStatsSnapshot> tables =
            ScheduledSampler.of(ts, config.pgStatsInterval());
        add(
            tables,
            p.samplerDeadline(),
            List.of(all ? PgCatalogSampler.NAME : PgStatsSampler.NAME));
        collectors.add(new PgTableStatsCollector(tables.latest()));
        pgSamplers.add(tables.latest());
      } else {
        this.tableStats = Optional.empty();
      }
      collectors.add(new PgExporterHealthCollector(stats.latest(), pgSamplers));
    } else {
      this.catalog = Optional.empty();
      this.tableStats = Optional.empty();
      suites.add(notConfigured(SuiteName.PG.label()));
      suites.add(notConfigured(SuiteName.ROLE.label()));
    }
    this.risk = new RiskMonitoring(config, host.latest(), pg, clock);
    risk.sampler().ifPresent(s -> add(s, pg.get().samplerDeadline(), List.of(PgFastSampler.NAME)));
    collectors.addAll(risk.collectors());
    if (config.risk().listed(config.format())) {
      suites.add(risk.suite());
    }
  }

  /**
   * @throws IllegalArgumentException with a one-line reason (never a password) when the PostgreSQL
   *     settings are unusable
   */
  public static Node create(AgentConfig config, Vertx vertx, Clock clock) {
    return new Node(config, vertx, clock);
  }

  private void add(ScheduledSampler<?> s, Duration deadline, List<String> startAfter) {
    samplers.add(s);
    deadlines.put(s.sampler().name(), deadline);
    after.put(s.sampler().name(), startAfter);
  }

  private static Suite notConfigured(String name) {
    return new Suite() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public java.util.Set<String> reads() {
        return java.util.Set.of();
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
   * Starts every sampler on its timer through {@code deployer}, each once the samplers it
   * {@linkplain #add declares it needs} have their first sample, the others at once, in parallel;
   * completes when each has its first sample (which may have failed).
   */
  public Future<Void> deploy(Function<SamplerVerticle<?>, Future<?>> deployer) {
    // the process sampler feeds only the agent's own process_* families: started at once
    return Future.all(
            inOrder(samplers, s -> deployer.apply(s.verticle(deadline(s), clock))),
            deployer.apply(process.verticle(config.checkDeadline(), clock)))
        .mapEmpty();
  }

  private Future<Void> inOrder(
      List<ScheduledSampler<?>> chosen, Function<ScheduledSampler<?>, Future<?>> start) {
    java.util.Set<String> names = new java.util.HashSet<>();
    chosen.forEach(s -> names.add(s.sampler().name()));
    Map<String, Future<?>> started = new HashMap<>();
    List<ScheduledSampler<?>> pending = new ArrayList<>(chosen);
    while (!pending.isEmpty()) {
      int before = pending.size();
      for (java.util.Iterator<ScheduledSampler<?>> it = pending.iterator(); it.hasNext(); ) {
        ScheduledSampler<?> s = it.next();
        List<String> needs =
            after.get(s.sampler().name()).stream().filter(names::contains).toList();
        if (started.keySet().containsAll(needs)) {
          List<Future<?>> first = needs.stream().<Future<?>>map(started::get).toList();
          started.put(s.sampler().name(), Future.join(first).transform(ar -> start.apply(s)));
          it.remove();
        }
      }
      if (pending.size() == before) {
        throw new IllegalStateException("samplers wait for each other: " + pending);
      }
    }
    return Future.join(new ArrayList<>(started.values())).mapEmpty();
  }

  /**
   * True when the disk check's path is PostgreSQL's data directory, known only after a pg_fast
   * sample.
   */
  private boolean hostWaitsForPg() {
    return pg.isPresent()
        && config.dataPath().isEmpty()
        && !DataPath.choose(null, Optional.empty()).equals(DataPath.DEFAULT);
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

  /**
   * The {@code pg_catalog} sampler's latest sample (users and databases), when PostgreSQL is
   * configured.
   */
  public Optional<LatestSample<PgCatalogSampler.Catalog>> catalog() {
    return catalog.map(ScheduledSampler::latest);
  }

  /**
   * How old a {@code pg_fast} sample may be and still count (three intervals plus the deadline).
   */
  public Duration pgMaxAge() {
    return pg.map(p -> p.defaultCheckSettings().staleAfter()).orElse(Duration.ZERO);
  }

  /** How old a {@code pg_catalog} sample may be and still count. */
  public Duration catalogMaxAge() {
    return config
        .pgSizesInterval()
        .multipliedBy(3)
        .plus(pg.map(PgMonitoring::samplerDeadline).orElse(Duration.ZERO));
  }

  /**
   * Script mode: one sample of each sampler a suite reads (host, and PostgreSQL's state and
   * leader), in the declared order; the statistics samplers are not needed by any suite. Always
   * succeeds; failures land in the samples.
   */
  public Future<Void> sampleOnce() {
    java.util.Set<String> read = new java.util.HashSet<>();
    suites.forEach(s -> read.addAll(s.reads()));
    List<ScheduledSampler<?>> needed =
        samplers.stream().filter(s -> read.contains(s.sampler().name())).toList();
    return inOrder(needed, s -> s.sampleOnce(deadline(s), clock));
  }

  /** Script mode for {@code check risk}: {@link #sampleOnce()} and one {@code pg_health} sample. */
  public Future<Void> sampleOnceWithRisk() {
    Future<Void> base = sampleOnce();
    if (risk.sampler().isEmpty()) {
      return base;
    }
    return Future.join(base, risk.sampler().get().sampleOnce(pg.get().samplerDeadline(), clock))
        .mapEmpty();
  }

  /** Closes the PostgreSQL pools. */
  public Future<Void> close() {
    Future<Void> tables =
        tableStats.map(PgTableStatsSampler::close).orElse(Future.succeededFuture());
    return tables.transform(ar -> pg.map(PgMonitoring::close).orElse(Future.succeededFuture()));
  }
}
