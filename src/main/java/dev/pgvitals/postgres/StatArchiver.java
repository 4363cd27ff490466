package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;

/**
 * WAL archiver counters from {@code pg_stat_archiver} (one row; same on PostgreSQL 13–18).
 *
 * <p>Families (label {@code server}): {@code pg_stat_archiver_archived_count}, {@code
 * pg_stat_archiver_failed_count} (legacy counters, exposed untyped) and {@code
 * pg_stat_archiver_last_archive_age} (gauge, seconds since the last WAL file was archived, as
 * postgres_exporter computes it: {@code now() - last_archived_time}; absent while nothing was ever
 * archived, so an alert on it never fires on a node without archiving).
 *
 * @param archivedCount WAL files archived successfully
 * @param failedCount failed attempts to archive WAL files
 * @param lastArchiveAgeSeconds seconds since the last successful archiving; null when never
 */
public record StatArchiver(long archivedCount, long failedCount, Double lastArchiveAgeSeconds) {

  static final PgView<StatArchiver> VIEW =
      PgView.of("pg_stat_archiver", StatArchiver::sql, StatArchiver::read, StatArchiver::metrics);

  static String sql(int major) {
    return "SELECT archived_count::int8 AS archived_count, failed_count::int8 AS failed_count,"
        + " EXTRACT(EPOCH FROM now() - last_archived_time)::float8 AS last_archive_age"
        + " FROM pg_stat_archiver";
  }

  static StatArchiver read(RowSet<Row> rows) {
    Row r = SqlRows.single(rows, "pg_stat_archiver");
    return new StatArchiver(
        r.getLong("archived_count"), r.getLong("failed_count"), r.getDouble("last_archive_age"));
  }

  static void metrics(StatArchiver a, String server, List<MetricSnapshot> out) {
    Family.legacyCounter(
            "pg_stat_archiver_archived_count",
            "Number of WAL files that have been successfully archived")
        .add(a.archivedCount, "server", server)
        .addTo(out);
    Family.legacyCounter(
            "pg_stat_archiver_failed_count", "Number of failed attempts for archiving WAL files")
        .add(a.failedCount, "server", server)
        .addTo(out);
    if (a.lastArchiveAgeSeconds != null) {
      Family.gauge(
              "pg_stat_archiver_last_archive_age",
              "Time in seconds since the last WAL file was successfully archived")
          .add(a.lastArchiveAgeSeconds, "server", server)
          .addTo(out);
    }
  }
}
