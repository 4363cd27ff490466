package dev.pgvitals.postgres;

import dev.pgvitals.metrics.SnapshotCollector;
import dev.pgvitals.sample.LatestSample;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The families of the {@code pg_stats} views ({@link PgViews#STATS}), built from the latest {@link
 * PgStatsSnapshot} only; a scrape never waits on PostgreSQL. Before the first sample, and while the
 * latest sample is failed, it returns no families at all (stale numbers must not look fresh). Which
 * view makes which family: each view's file.
 *
 * <p>Register with {@code Metrics.register(SampledCollector)}: its text is encoded once per sample.
 */
public final class PgStatsCollector extends SnapshotCollector<PgStatsSnapshot> {

  public PgStatsCollector(LatestSample<PgStatsSnapshot> latest) {
    this(latest, ExporterNames.BOTH);
  }

  /**
   * @param names whether postgres_exporter 0.11+'s second generation of names is written too
   */
  public PgStatsCollector(LatestSample<PgStatsSnapshot> latest, ExporterNames names) {
    super(latest, s -> snapshots(s, names), true);
  }

  /** The families of one snapshot, in view order, both generations of names. */
  static MetricSnapshots snapshots(PgStatsSnapshot s) {
    return snapshots(s, ExporterNames.BOTH);
  }

  static MetricSnapshots snapshots(PgStatsSnapshot s, ExporterNames names) {
    List<MetricSnapshot> out = new ArrayList<>(128);
    s.families(names, out);
    return new MetricSnapshots(out);
  }
}
