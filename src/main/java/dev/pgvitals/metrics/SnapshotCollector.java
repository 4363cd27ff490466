package dev.pgvitals.metrics;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The families of the latest sample of one sampler. Empty before the first sample and while the
 * latest sample is failed. As a {@link SampledCollector}, it is asked once per sample and content
 * type, and {@link Metrics} keeps the encoded text, not the families: with 500 databases the
 * families are 24,000 points whose objects (labels, strings, arrays) held 7 MB of the heap between
 * samples when they were kept here as well.
 */
public class SnapshotCollector<T> implements SampledCollector {

  private final LatestSample<T> latest;
  private final Function<T, MetricSnapshots> build;
  private final boolean timestamped;

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
    MetricSnapshots families = build.apply(s.value());
    return timestamped ? SampleTimestamps.stamp(families, s.at().toEpochMilli()) : families;
  }
}
