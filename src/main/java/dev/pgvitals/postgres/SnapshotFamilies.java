package dev.pgvitals.postgres;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Optional;
import java.util.function.Function;

/**
 * The families of the latest sample of one sampler, built once per sample and reused by every
 * scrape until the next sample arrives (snapshots and the built families are immutable). Empty
 * before the first sample and while the latest sample is failed.
 */
final class SnapshotFamilies<T> {

  private record Built(Sample<?> sample, MetricSnapshots families) {}

  private final LatestSample<T> latest;
  private final Function<T, MetricSnapshots> build;
  private volatile Built built;

  SnapshotFamilies(LatestSample<T> latest, Function<T, MetricSnapshots> build) {
    this.latest = latest;
    this.build = build;
  }

  /** The latest sample (by identity): what {@link #get()} returns changes exactly when this does. */
  Object version() {
    return latest.get().orElse(null);
  }

  MetricSnapshots get() {
    Optional<Sample<T>> current = latest.get();
    if (current.isEmpty() || !current.get().ok()) {
      return MetricSnapshots.of();
    }
    Sample<T> s = current.get();
    Built b = built;
    if (b == null || b.sample != s) {
      b = new Built(s, build.apply(s.value()));
      built = b;
    }
    return b.families;
  }
}
