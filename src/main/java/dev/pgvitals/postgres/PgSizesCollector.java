package dev.pgvitals.postgres;

import dev.pgvitals.metrics.SnapshotCollector;
import dev.pgvitals.sample.LatestSample;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_database_size_bytes} ({@link DatabaseSize}) from the latest {@link PgSizesSnapshot};
 * absent before the first sample and while the latest sample is failed.
 *
 * <p>Register with {@code Metrics.register(SampledCollector)}: its text is encoded once per sample.
 */
public final class PgSizesCollector extends SnapshotCollector<PgSizesSnapshot> {

  public PgSizesCollector(LatestSample<PgSizesSnapshot> latest) {
    super(latest, PgSizesCollector::snapshots);
  }

  static MetricSnapshots snapshots(PgSizesSnapshot s) {
    List<MetricSnapshot> out = new ArrayList<>(1);
    DatabaseSize.VIEW.families(s.databases(), s.server(), out);
    return new MetricSnapshots(out);
  }
}
