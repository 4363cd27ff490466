package dev.pgvitals.agent;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.http.Access;
import dev.pgvitals.http.HttpApi;
import dev.pgvitals.http.HttpLimits;
import dev.pgvitals.http.ServerSettings;
import dev.pgvitals.http.WebConfig;
import dev.pgvitals.metrics.Metrics;
import dev.pgvitals.metrics.SamplerCollector;
import dev.pgvitals.sample.ErrorSummary;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.ScheduledSampler;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: one verticle per agent that builds the {@link Node} (samplers, suites,
 * collectors), the {@link SuiteMonitor}, the metrics and the HTTP side, and deploys them in a
 * declared order:
 *
 * <ol>
 *   <li>the samplers, each after the samplers whose first sample it needs ({@link Node#deploy});
 *   <li>the suite monitor: one evaluation of every suite once each sampler has its first sample (so
 *       start-up logs no failure for want of a sample not taken yet), then re-evaluation of a suite
 *       after each sample it reads, and a staleness timer;
 *   <li>the HTTP server, last, so it never answers before there is something to answer.
 * </ol>
 *
 * {@link #close()} stops them in reverse (HTTP, timer, samplers in the reverse order of their
 * start), then closes the PostgreSQL pools and the registry while Vert.x still runs, and logs one
 * line, {@code pgvitals stopped}. Several agents on one {@link Vertx} (the demo, tests) stop
 * independently. Closing Vert.x instead also stops an agent cleanly (its parts are child
 * deployments, undeployed before its {@link #stop()}), only not in a declared order.
 */
public final class Agent extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** How often an unchanged suite's [HEALTHCHECK] line is repeated, unless configured. */
  public static final Duration HEALTHCHECK_LOG_INTERVAL = HealthcheckCadence.DEFAULT_INTERVAL;

  private final AgentConfig config;
  private final Clock clock;
  private final Deque<String> parts = new ArrayDeque<>();
  private final Node node;
  private Metrics metrics;
  private SuiteMonitor monitor;
  private HttpApi http;
  private NodeApi nodeApi;
  private long staleTimer = -1;
  private boolean closing;

  private final ServerSettings server;
  private final Duration healthcheckLogInterval;

  private Agent(
      AgentConfig config,
      Node node,
      ServerSettings server,
      Duration healthcheckLogInterval,
      Clock clock) {
    this.config = config;
    this.node = node;
    this.server = server;
    this.healthcheckLogInterval = healthcheckLogInterval;
    this.clock = clock;
  }

  /**
   * Deploys an agent on {@code vertx}; completes when it answers HTTP. Fails with the one-line
   * {@link IllegalArgumentException} of bad settings (never a password).
   */
  public static Future<Agent> start(AgentConfig config, Vertx vertx, Clock clock) {
    return start(
        config,
        new ServerSettings(
            HttpLimits.DEFAULTS,
            WebConfig.NONE,
            new Access(config.apiToken(), WebConfig.NONE, Access.DEFAULT_OPEN_PATHS)),
        vertx,
        clock);
  }

  /** Starts the agent with the HTTP server's limits, TLS and authentication. */
  public static Future<Agent> start(
      AgentConfig config, ServerSettings server, Vertx vertx, Clock clock) {
    return start(config, server, HEALTHCHECK_LOG_INTERVAL, vertx, clock);
  }

  /**
   * Starts the agent. The node is built here, on the caller's thread: resolving the settings reads
   * files ({@code ~/.pgpass}) and OSHI initialises itself, neither of which may run on an event
   * loop.
   *
   * @param server the HTTP server's limits, TLS and authentication
   * @param healthcheckLogInterval how often an unchanged suite's [HEALTHCHECK] line is repeated
   */
  public static Future<Agent> start(
      AgentConfig config,
      ServerSettings server,
      Duration healthcheckLogInterval,
      Vertx vertx,
      Clock clock) {
    Node node;
    try {
      node = Node.create(config, vertx, clock);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Agent agent = new Agent(config, node, server, healthcheckLogInterval, clock);
    return vertx
        .deployVerticle(agent)
        .map(id -> agent)
        .recover(e -> node.close().transform(ar -> Future.failedFuture(e)));
  }

  @Override
  public Future<?> start() {
    metrics = new Metrics();
    monitor = new SuiteMonitor(node.suites(), config.format(), healthcheckLogInterval);
    List<LatestSample<?>> latest = new ArrayList<>();
    node.samplers().forEach(s -> latest.add(s.latest()));
    node.collectors().forEach(metrics::register);
    metrics.register(new SamplerCollector(latest, clock));
    metrics.register(new CheckCollector(monitor));
    http =
        new HttpApi(
            config.listen(),
            server,
            metrics,
            monitor.served(clock, node.allSuites()),
            config.format(),
            clock);
    nodeApi = new NodeApi(config, node, monitor, clock);
    metrics.register(new FleetCollector(nodeApi::publishedReport));
    nodeApi.addRoutes(http);
    return node.deploy(this::deployPart)
        .compose(
            v -> {
              monitor.refresh(clock);
              for (ScheduledSampler<?> s : node.samplers()) {
                String name = s.sampler().name();
                s.latest().onSample(sample -> monitor.sampled(name, clock));
              }
              // Staleness shows even when a sampler hangs: every suite is re-evaluated on a timer
              // too.
              staleTimer =
                  vertx.setPeriodic(config.hostInterval().toMillis(), id -> monitor.refresh(clock));
              return deployPart(http);
            })
        .onSuccess(
            id ->
                LOG.info(
                    "pgvitals {} listening on {}",
                    Version.current(),
                    dev.pgvitals.config.HostPort.join(config.listen().host(), http.actualPort())));
  }

  private Future<String> deployPart(Deployable part) {
    return vertx.deployVerticle(part).onSuccess(parts::push);
  }

  /** Called by Vert.x after this agent's parts are undeployed: closes pools and registry. */
  @Override
  public Future<?> stop() {
    if (staleTimer >= 0) {
      vertx.cancelTimer(staleTimer);
    }
    return node.close()
        .transform(
            ar -> {
              metrics.close();
              if (ar.failed()) {
                LOG.warn("closing the PostgreSQL pools: {}", ErrorSummary.of(ar.cause()));
              }
              LOG.info("pgvitals stopped");
              return Future.succeededFuture();
            });
  }

  /**
   * Stops this agent: its HTTP server, its timer and its samplers in the reverse order of their
   * start, then its pools and registry; completes when all is stopped. Idempotent; harmless once
   * Vert.x is closed.
   */
  public Future<Void> close() {
    synchronized (this) {
      if (closing || context == null) {
        return Future.succeededFuture();
      }
      closing = true;
    }
    Future<Void> f = Future.succeededFuture();
    if (staleTimer >= 0) {
      vertx.cancelTimer(staleTimer);
    }
    List<String> reverse = new ArrayList<>(parts); // pushed on start: newest first
    for (String id : reverse) {
      f = f.transform(ar -> vertx.undeploy(id));
    }
    String self = deploymentID();
    return f.transform(ar -> vertx.undeploy(self)).otherwiseEmpty();
  }

  public int port() {
    return http.actualPort();
  }

  public SuiteMonitor monitor() {
    return monitor;
  }

  public Node node() {
    return node;
  }

  public NodeApi nodeApi() {
    return nodeApi;
  }
}
