package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Each database's connection limit, {@code pg_database.datconnlimit}, as postgres_exporter's {@code
 * database} collector exposes it: -1 means no limit (and -2, from PostgreSQL 15.4/16 on, a database
 * left invalid by an interrupted {@code DROP DATABASE}). Every database, templates included; the
 * same on PostgreSQL 13–18.
 *
 * <p>Family: {@code pg_database_connection_limit} (gauge; labels {@code server, datname}).
 */
public record DatabaseConnectionLimit(String datname, int limit) {

  static final PgView<List<DatabaseConnectionLimit>> VIEW =
      PgView.of(
          "pg_database",
          DatabaseConnectionLimit::sql,
          DatabaseConnectionLimit::read,
          DatabaseConnectionLimit::metrics);

  static String sql(int major) {
    return "SELECT datname::text AS datname, datconnlimit AS conn_limit FROM pg_database ORDER BY datname";
  }

  static List<DatabaseConnectionLimit> read(RowSet<Row> rows) {
    List<DatabaseConnectionLimit> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new DatabaseConnectionLimit(r.getString("datname"), r.getInteger("conn_limit")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<DatabaseConnectionLimit> rows, String server, List<MetricSnapshot> out) {
    Family limit =
        Family.gauge(
            "pg_database_connection_limit", "Connection limit set for the database, -1 when none");
    for (DatabaseConnectionLimit d : rows) {
      limit.add(d.limit, "server", server, "datname", d.datname);
    }
    limit.addTo(out);
  }
}
