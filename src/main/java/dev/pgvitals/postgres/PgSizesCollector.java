package dev.pgvitals.postgres;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.metrics.SampledCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code pg_database_size_bytes} ({@link DatabaseSize}) from the latest {@link PgSizesSnapshot};
 * absent before the first sample and while the latest sample is failed.
 *
 * <p>Register with {@code Metrics.register(SampledCollector)}: its text is encoded once per sample.
 */
public final class PgSizesCollector implements SampledCollector {

  private final SnapshotFamilies<PgSizesSnapshot> families;

  public PgSizesCollector(LatestSample<PgSizesSnapshot> latest) {
    this.families = new SnapshotFamilies<>(Objects.requireNonNull(latest, "latest"), PgSizesCollector::snapshots);
  }

  @Override
  public MetricSnapshots collect() {
    return families.get();
  }

  @Override
  public Object version() {
    return families.version();
  }

  static MetricSnapshots snapshots(PgSizesSnapshot s) {
    List<MetricSnapshot> out = new ArrayList<>(1);
    DatabaseSize.metrics(s.databases(), s.server(), out);
    return new MetricSnapshots(out);
  }
}
