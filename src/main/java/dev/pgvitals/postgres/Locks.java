package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Locks held or awaited per database and mode, from {@code pg_locks}, as postgres_exporter's {@code
 * locks} collector counts them: every database × each of the nine {@link #MODES} (lower case), 0
 * when none, so the series never come and go. Only locks on objects of a database ({@code
 * pg_locks.database} not NULL) count. Unlike postgres_exporter, the agent's own session ({@code
 * pg_backend_pid()}) is left out: the statements of its own sampling round hold a dozen {@code
 * AccessShareLock}s that are not the server's load. The same on PostgreSQL 13–18.
 *
 * <p>Family: {@code pg_locks_count} (gauge; labels {@code server, datname, mode}).
 *
 * @param datname the database
 * @param mode the lock mode in lower case, e.g. {@code accessexclusivelock}
 * @param count locks of that mode on that database's objects
 */
public record Locks(String datname, String mode, long count) {

  /** The table-level lock modes and SIReadLock, lower case, in PostgreSQL's order. */
  public static final List<String> MODES =
      List.of(
          "accesssharelock",
          "rowsharelock",
          "rowexclusivelock",
          "shareupdateexclusivelock",
          "sharelock",
          "sharerowexclusivelock",
          "exclusivelock",
          "accessexclusivelock",
          "sireadlock");

  static final PgView<List<Locks>> VIEW =
      PgView.of("pg_locks", Locks::sql, Locks::read, Locks::metrics);

  static String sql(int major) {
    return """
        SELECT d.datname::text AS datname, m.mode, COALESCE(l.count, 0)::int8 AS count
        FROM pg_database d
        CROSS JOIN (VALUES ('accesssharelock'), ('rowsharelock'), ('rowexclusivelock'),
                           ('shareupdateexclusivelock'), ('sharelock'), ('sharerowexclusivelock'),
                           ('exclusivelock'), ('accessexclusivelock'), ('sireadlock')) AS m(mode)
        LEFT JOIN (SELECT database, lower(mode) AS mode, count(*) AS count
                   FROM pg_locks
                   WHERE database IS NOT NULL AND pid IS DISTINCT FROM pg_backend_pid()
                   GROUP BY database, lower(mode)) l
          ON l.database = d.oid AND l.mode = m.mode
        ORDER BY d.datname, m.mode""";
  }

  static List<Locks> read(RowSet<Row> rows) {
    List<Locks> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new Locks(r.getString("datname"), r.getString("mode"), r.getLong("count")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<Locks> rows, String server, List<MetricSnapshot> out) {
    Family count = Family.gauge("pg_locks_count", "Number of locks per database and lock mode");
    for (Locks l : rows) {
      count.add(l.count, "server", server, "datname", l.datname, "mode", l.mode);
    }
    count.addTo(out);
  }
}
