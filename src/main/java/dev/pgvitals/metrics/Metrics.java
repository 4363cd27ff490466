package dev.pgvitals.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;

/**
 * The {@code /metrics} registry: Micrometer's Prometheus registry for the agent's own JVM and
 * process meters, with the snapshot-driven families registered underneath it as Prometheus
 * {@link MultiCollector}s (see {@link Family} for how legacy names keep their exact spelling).
 */
public final class Metrics implements AutoCloseable {

  /** Prometheus text exposition 0.0.4. */
  public static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";

  /** OpenMetrics 1.0.0 text. */
  public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void register(MultiCollector collector) {
    registry.getPrometheusRegistry().register(collector);
  }

  /** The content type to answer with for a request's {@code Accept} header. */
  public static String contentTypeFor(String accept) {
    return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT_004;
  }

  /** Writes the exposition in the given content type (one of {@link #TEXT_004}, {@link #OPENMETRICS}). */
  public String scrape(String contentType) {
    return registry.scrape(contentType);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
