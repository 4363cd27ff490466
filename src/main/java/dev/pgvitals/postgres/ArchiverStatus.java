package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Whether WAL archiving works, from {@code pg_stat_archiver}, {@code archive_mode} and the
 * archiver's queue ({@code pg_ls_archive_statusdir()}: a {@code .ready} file per completed WAL
 * segment not archived yet, which needs {@code pg_monitor}). Ages are seconds before the reading.
 * The query is the same on PostgreSQL 13–18.
 *
 * <p>Families (gauges; label {@code server}): {@code pgvitals_archive_enabled}, {@code
 * pgvitals_archive_failing}, {@code pgvitals_archive_pending_segments}, {@code
 * pgvitals_archive_oldest_pending_age_seconds} (0 when none is pending).
 *
 * @param archiveMode {@code off}, {@code on} or {@code always}
 * @param inRecovery the node is a replica (with {@code archive_mode=on} a replica does not archive)
 * @param lastArchivedWal the last WAL file archived, empty when none yet
 * @param lastArchivedAgeSeconds since the last successful archive
 * @param lastFailedWal the WAL file of the last failed attempt, empty when none yet
 * @param lastFailedAgeSeconds since the last failed attempt
 * @param pendingSegments completed segments waiting to be archived
 * @param oldestPendingAgeSeconds how long the oldest of them has waited, empty when none waits
 */
public record ArchiverStatus(
    String archiveMode,
    boolean inRecovery,
    Optional<String> lastArchivedWal,
    OptionalDouble lastArchivedAgeSeconds,
    Optional<String> lastFailedWal,
    OptionalDouble lastFailedAgeSeconds,
    long pendingSegments,
    OptionalDouble oldestPendingAgeSeconds) {

  static String sql(int major) {
    return """
        SELECT current_setting('archive_mode') AS archive_mode, pg_is_in_recovery() AS in_recovery,
               a.last_archived_wal::text AS last_archived_wal,
               EXTRACT(EPOCH FROM clock_timestamp() - a.last_archived_time)::float8
                 AS last_archived_age,
               a.last_failed_wal::text AS last_failed_wal,
               EXTRACT(EPOCH FROM clock_timestamp() - a.last_failed_time)::float8
                 AS last_failed_age,
               q.pending::int8 AS pending,
               EXTRACT(EPOCH FROM clock_timestamp() - q.oldest)::float8 AS oldest_pending_age
        FROM pg_stat_archiver a,
             (SELECT count(*) AS pending, min(modification) AS oldest
              FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') q""";
  }

  static ArchiverStatus read(RowSet<Row> rows) {
    Row r = SqlRows.single(rows, "pg_stat_archiver");
    return new ArchiverStatus(
        r.getString("archive_mode"),
        Boolean.TRUE.equals(r.getBoolean("in_recovery")),
        Optional.ofNullable(r.getString("last_archived_wal")),
        optional(r.getDouble("last_archived_age")),
        Optional.ofNullable(r.getString("last_failed_wal")),
        optional(r.getDouble("last_failed_age")),
        r.getLong("pending"),
        optional(r.getDouble("oldest_pending_age")));
  }

  /** NULL stays empty (GREATEST in SQL would turn it into 0); a clock step back is clamped to 0. */
  private static OptionalDouble optional(Double d) {
    return d == null ? OptionalDouble.empty() : OptionalDouble.of(Math.max(0, d));
  }

  /**
   * This node archives: {@code archive_mode} is {@code always}, or {@code on} and it is not a
   * replica.
   */
  public boolean archiving() {
    return "always".equals(archiveMode) || ("on".equals(archiveMode) && !inRecovery);
  }

  /**
   * The last attempt failed: a failure is recorded and no success came after it (also when nothing
   * was ever archived).
   */
  public boolean failing() {
    if (lastFailedAgeSeconds.isEmpty()) {
      return false;
    }
    return lastArchivedAgeSeconds.isEmpty()
        || lastFailedAgeSeconds.getAsDouble() < lastArchivedAgeSeconds.getAsDouble();
  }

  static void metrics(ArchiverStatus a, String server, List<MetricSnapshot> out) {
    out.add(
        Family.gauge(
                "pgvitals_archive_enabled",
                "1 when this node archives WAL (archive_mode always, or on and not a replica), else 0")
            .add(a.archiving() ? 1 : 0, "server", server)
            .build());
    out.add(
        Family.gauge(
                "pgvitals_archive_failing",
                "1 when the archiver's last attempt failed (last_failed_time after last_archived_time), else 0")
            .add(a.archiving() && a.failing() ? 1 : 0, "server", server)
            .build());
    out.add(
        Family.gauge(
                "pgvitals_archive_pending_segments",
                "Completed WAL segments waiting to be archived (.ready files)")
            .add(a.pendingSegments, "server", server)
            .build());
    out.add(
        Family.gauge(
                "pgvitals_archive_oldest_pending_age_seconds",
                "Seconds the oldest WAL segment waiting to be archived has waited, 0 when none waits")
            .add(a.oldestPendingAgeSeconds.orElse(0), "server", server)
            .build());
  }
}
