package dev.pgvitals.postgres;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.metrics.SnapshotCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pg_stat_*} families of {@code /metrics}, built from the latest {@link
 * PgStatsSnapshot} only; a scrape never waits on PostgreSQL. Before the first sample, and while
 * the latest sample is failed, it returns no families at all (stale numbers must not look fresh).
 * Which view makes which family: see the per-view records ({@link StatActivity}, {@link
 * StatArchiver}, {@link StatBgwriter}, {@link StatDatabase}, {@link StatDatabaseConflicts},
 * {@link StatReplication}).
 *
 * <p>Register with {@code Metrics.register(SampledCollector)}: its text is encoded once per sample.
 */
public final class PgStatsCollector extends SnapshotCollector<PgStatsSnapshot> {

  public PgStatsCollector(LatestSample<PgStatsSnapshot> latest) {
    super(latest, PgStatsCollector::snapshots);
  }

  /** The families of one snapshot, in a fixed order. */
  static MetricSnapshots snapshots(PgStatsSnapshot s) {
    List<MetricSnapshot> out = new ArrayList<>(64);
    StatActivity.metrics(s.activity(), s.server(), out);
    StatArchiver.metrics(s.archiver(), s.server(), out);
    StatBgwriter.metrics(s.bgwriter(), s.server(), out);
    StatDatabase.metrics(s.databases(), s.server(), out);
    StatDatabaseConflicts.metrics(s.databaseConflicts(), s.server(), out);
    StatReplication.metrics(s.replication(), s.server(), out);
    return new MetricSnapshots(out);
  }
}
