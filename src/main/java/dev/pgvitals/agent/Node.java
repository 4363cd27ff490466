package dev.pgvitals.agent;

import dev.pgvitals.check.Suite;
import dev.pgvitals.check.VmSuite;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.host.DataPath;
import dev.pgvitals.host.HostSampler;
import dev.pgvitals.host.OshiHostHardware;
import dev.pgvitals.host.ProcFs;
import java.nio.file.Path;
import java.util.Optional;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.metrics.HostCollector;
import dev.pgvitals.sample.ScheduledSampler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What one node is made of, shared by the agent and script mode: its samplers (with intervals),
 * the suites that judge their samples, and the metric collectors that read them.
 */
public final class Node {

  private final AgentConfig config;
  private final Clock clock;
  private final ScheduledSampler<HostSnapshot> host;
  private final List<ScheduledSampler<?>> samplers = new ArrayList<>();
  private final List<Suite> suites = new ArrayList<>();
  private final List<MultiCollector> collectors = new ArrayList<>();

  private Node(AgentConfig config, Vertx vertx, Clock clock) {
    this.config = config;
    this.clock = clock;
    HostSampler hostSampler = new HostSampler(vertx, new ProcFs(Path.of(config.procRoot())),
        new OshiHostHardware(), DataPath.supplier(config.dataPath().orElse(null), Optional::empty));
    this.host = ScheduledSampler.of(hostSampler, config.hostInterval());
    samplers.add(host);
    suites.add(new VmSuite(host.latest(), config.vm(), config.hostInterval(), config.checkDeadline()));
    collectors.add(new HostCollector(host.latest()));
  }

  public static Node create(AgentConfig config, Vertx vertx, Clock clock) {
    return new Node(config, vertx, clock);
  }

  public List<ScheduledSampler<?>> samplers() {
    return samplers;
  }

  public List<Suite> suites() {
    return suites;
  }

  public List<MultiCollector> collectors() {
    return collectors;
  }

  /** Takes one sample of every sampler (script mode); always succeeds. */
  public Future<Void> sampleOnce() {
    List<Future<?>> all = new ArrayList<>();
    for (ScheduledSampler<?> s : samplers) {
      all.add(s.sampleOnce(config.checkDeadline(), clock));
    }
    return Future.join(all).mapEmpty();
  }
}
