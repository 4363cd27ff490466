package dev.pgvitals.metrics;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The families of the latest sample of one sampler, built once per sample and reused by every
 * scrape until the next sample arrives (snapshots and the built families are immutable). Empty
 * before the first sample and while the latest sample is failed. As a {@link SampledCollector}, its
 * text is also encoded only once per sample.
 */
public class SnapshotCollector<T> implements SampledCollector {

  private record Built(Sample<?> sample, MetricSnapshots families) {}

  private final LatestSample<T> latest;
  private final Function<T, MetricSnapshots> build;
  private final boolean timestamped;
  private volatile Built built;

  /**
   * @param latest the sampler's latest sample
   * @param build the families of one snapshot (pure)
   */
  public SnapshotCollector(LatestSample<T> latest, Function<T, MetricSnapshots> build) {
    this(latest, build, false);
  }

  /**
   * @param timestamped whether every point carries the time its sample was taken (see {@link
   *     SampleTimestamps})
   */
  public SnapshotCollector(
      LatestSample<T> latest, Function<T, MetricSnapshots> build, boolean timestamped) {
    this.latest = Objects.requireNonNull(latest, "latest");
    this.build = Objects.requireNonNull(build, "build");
    this.timestamped = timestamped;
  }

  /**
   * The latest sample (by identity): what {@link #collect()} returns changes exactly when this
   * does.
   */
  @Override
  public final Object version() {
    return latest.get().orElse(null);
  }

  @Override
  public final MetricSnapshots collect() {
    Optional<Sample<T>> current = latest.get();
    if (current.isEmpty() || !current.get().ok()) {
      return MetricSnapshots.of();
    }
    Sample<T> s = current.get();
    Built b = built;
    if (b == null || b.sample != s) {
      MetricSnapshots families = build.apply(s.value());
      b =
          new Built(
              s, timestamped ? SampleTimestamps.stamp(families, s.at().toEpochMilli()) : families);
      built = b;
    }
    return b.families;
  }
}
