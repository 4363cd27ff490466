package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;

/**
 * WAL archiver counters from {@code pg_stat_archiver} (one row; same on PostgreSQL 13–18).
 *
 * <p>Families (legacy counters, exposed untyped; label {@code server}):
 * {@code pg_stat_archiver_archived_count}, {@code pg_stat_archiver_failed_count}.
 *
 * @param archivedCount WAL files archived successfully
 * @param failedCount failed attempts to archive WAL files
 */
public record StatArchiver(long archivedCount, long failedCount) {

  static String sql(int major) {
    return "SELECT archived_count::int8 AS archived_count, failed_count::int8 AS failed_count"
        + " FROM pg_stat_archiver";
  }

  static StatArchiver read(RowSet<Row> rows) {
    Row r = SqlRows.single(rows, "pg_stat_archiver");
    return new StatArchiver(r.getLong("archived_count"), r.getLong("failed_count"));
  }

  static void metrics(StatArchiver a, String server, List<MetricSnapshot> out) {
    Family archived = Family.legacyCounter("pg_stat_archiver_archived_count",
        "Number of WAL files that have been successfully archived");
    archived.add(a.archivedCount, "server", server);
    archived.addTo(out);
    Family failed = Family.legacyCounter("pg_stat_archiver_failed_count",
        "Number of failed attempts for archiving WAL files");
    failed.add(a.failedCount, "server", server);
    failed.addTo(out);
  }
}
