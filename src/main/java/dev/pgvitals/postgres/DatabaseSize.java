package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * On-disk size of each database, {@code pg_database_size()}, one statement for all databases. It
 * stats every file of every database, so {@link PgSizesSampler} runs it on its own slower schedule.
 *
 * <p>Which databases: every database in {@code pg_database}, templates included ({@code
 * pg_database_size} reads the directory and needs no connection to the database, and {@code
 * template0}'s files take disk space like any other), except
 *
 * <ul>
 *   <li>databases left invalid by an interrupted {@code DROP DATABASE} ({@code datconnlimit = -2},
 *       PostgreSQL 15.4+/16+): their files may be half removed;
 *   <li>databases the agent's role may not size, i.e. without {@code CONNECT} privilege unless it
 *       has the privileges of {@code pg_read_all_stats} (a {@code pg_monitor} member does), where
 *       the function would raise an error and fail the whole reading.
 * </ul>
 *
 * <p>Family: {@code pg_database_size_bytes} (gauge; labels {@code server, datname}).
 *
 * @param datname the database
 * @param sizeBytes its size on disk in bytes
 */
public record DatabaseSize(String datname, long sizeBytes) {

  static final PgView<List<DatabaseSize>> VIEW =
      PgView.of("pg_database_size", DatabaseSize::sql, DatabaseSize::read, DatabaseSize::metrics);

  static String sql(int major) {
    return """
        SELECT datname::text AS datname, pg_database_size(oid)::int8 AS size_bytes
        FROM pg_database
        WHERE datconnlimit <> -2
          AND (has_database_privilege(oid, 'CONNECT')
               OR pg_has_role('pg_read_all_stats', 'USAGE'))
        ORDER BY datname""";
  }

  static List<DatabaseSize> read(RowSet<Row> rows) {
    List<DatabaseSize> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Long size = r.getLong("size_bytes");
      if (size != null) { // NULL when the database was dropped while being sized
        out.add(new DatabaseSize(r.getString("datname"), size));
      }
    }
    return List.copyOf(out);
  }

  static void metrics(List<DatabaseSize> rows, String server, List<MetricSnapshot> out) {
    Family size =
        Family.gauge("pg_database_size_bytes", "Disk space used by the database, in bytes");
    for (DatabaseSize d : rows) {
      size.add(d.sizeBytes, "server", server, "datname", d.datname);
    }
    size.addTo(out);
  }
}
