package dev.pgvitals.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;

/**
 * A collector whose families change only when its sampler takes a new sample. {@link Metrics}
 * encodes such families once per sample (and content type) and reuses the text for every scrape in
 * between, so a scrape's cost does not grow with the number of series of large, slowly sampled
 * sources (pg_stat_* with hundreds of databases), nor with how often Prometheus scrapes.
 */
public interface SampledCollector extends MultiCollector {

  /** Changes (by identity) exactly when {@link #collect()} would return something new. */
  Object version();
}
