package dev.pgvitals.postgres;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.metrics.SampledCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
public final class PgStatsCollector implements SampledCollector {

  private final SnapshotFamilies<PgStatsSnapshot> families;

  public PgStatsCollector(LatestSample<PgStatsSnapshot> latest) {
    this.families = new SnapshotFamilies<>(Objects.requireNonNull(latest, "latest"), PgStatsCollector::snapshots);
  }

  @Override
  public MetricSnapshots collect() {
    return families.get();
  }

  @Override
  public Object version() {
    return families.version();
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
