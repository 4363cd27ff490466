package dev.pgvitals.postgres;

import dev.pgvitals.metrics.SnapshotCollector;
import dev.pgvitals.sample.LatestSample;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pg_health} families from the latest {@link PgHealthSnapshot}: wraparound ages ({@link
 * WraparoundAge}), slots ({@link ReplicationSlot}), archiving ({@link ArchiverStatus}), oldest
 * transactions ({@link OldestTransactions}). Absent before the first sample and while the latest
 * sample is failed. Register with {@code Metrics.register}: encoded once per sample.
 */
public final class PgHealthCollector extends SnapshotCollector<PgHealthSnapshot> {

  public PgHealthCollector(LatestSample<PgHealthSnapshot> latest) {
    super(latest, PgHealthCollector::snapshots);
  }

  static MetricSnapshots snapshots(PgHealthSnapshot s) {
    List<MetricSnapshot> out = new ArrayList<>(12);
    WraparoundAge.metrics(s.wraparound(), s.server(), out);
    ReplicationSlot.metrics(s.slots(), s.server(), out);
    ArchiverStatus.metrics(s.archiver(), s.server(), out);
    OldestTransactions.metrics(s.transactions(), s.server(), out);
    return new MetricSnapshots(out);
  }
}
