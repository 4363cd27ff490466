package dev.pgvitals.agent;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.http.HttpApi;
import dev.pgvitals.metrics.Metrics;
import dev.pgvitals.metrics.SamplerCollector;
import dev.pgvitals.sample.LatestSample;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar: every sampler of the {@link Node} on its own timer, the suite monitor fed after
 * each sample, and the HTTP side answering from the latest samples.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** How often a failing suite's [HEALTHCHECK] line is repeated when nothing changes. */
  static final Duration FAILING_REPEAT = Duration.ofMinutes(5);

  private final Node node;
  private final Metrics metrics;
  private final SuiteMonitor monitor;
  private final HttpApi http;
  private final NodeApi nodeApi;

  private Agent(Node node, Metrics metrics, SuiteMonitor monitor, HttpApi http, NodeApi nodeApi) {
    this.nodeApi = nodeApi;
    this.node = node;
    this.metrics = metrics;
    this.monitor = monitor;
    this.http = http;
  }

  public static Future<Agent> start(AgentConfig config, Vertx vertx, Clock clock) {
    Node node = Node.create(config, vertx, clock);
    Metrics metrics = new Metrics();
    SuiteMonitor monitor = new SuiteMonitor(node.suites(), config.format(), FAILING_REPEAT);
    List<LatestSample<?>> latest = new ArrayList<>();
    node.samplers().forEach(s -> latest.add(s.latest()));
    node.collectors().forEach(metrics::register);
    metrics.register(new SamplerCollector(latest, clock));
    metrics.register(new CheckCollector(monitor));
    HttpApi http = new HttpApi(config.listen(), metrics, node.allSuites(), config.format(), clock);
    NodeApi nodeApi = new NodeApi(config, node, monitor, clock);
    nodeApi.addRoutes(http);
    Agent agent = new Agent(node, metrics, monitor, http, nodeApi);
    return node.deploy(vertx)
        .compose(v -> {
          // Judge the suites only once every sampler has its first sample, so start-up does not
          // log a suite failing for want of a sample that is simply not taken yet.
          monitor.refresh(clock);
          node.samplers().forEach(s -> s.latest().onSample(sample -> monitor.refresh(clock)));
          // Staleness shows even when a sampler hangs: re-evaluate on a timer too.
          vertx.setPeriodic(config.hostInterval().toMillis(), id -> monitor.refresh(clock));
          return vertx.deployVerticle(http);
        })
        .map(id -> {
          LOG.info("pgvitals {} listening on {}:{}", Version.current(), config.listen().host(), http.actualPort());
          return agent;
        });
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

  /** Closes the pools and the registry; the caller closes Vert.x. */
  @Override
  public void close() {
    node.close();
    metrics.close();
  }
}
