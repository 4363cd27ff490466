package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions per database and state, from {@code pg_stat_activity}: one row for every database × each
 * of the six {@link #STATES}, 0 when there is no such session, so the series never come and go. The
 * agent's own session ({@code pg_backend_pid()}) is not counted.
 *
 * <p>Families: {@code pg_stat_activity_count} and {@code pg_stat_activity_max_tx_duration} (gauges;
 * labels {@code server, datname, state}). The query is the same on PostgreSQL 13–18.
 *
 * @param datname the database
 * @param state one of {@link #STATES}
 * @param count sessions of that database in that state
 * @param maxTxDurationSeconds seconds since {@code xact_start} of the oldest open transaction in
 *     that group, 0 when none
 */
public record StatActivity(String datname, String state, long count, double maxTxDurationSeconds) {

  /** The states pg_stat_activity reports for client sessions, in a fixed order. */
  public static final List<String> STATES =
      List.of(
          "active",
          "idle",
          "idle in transaction",
          "idle in transaction (aborted)",
          "fastpath function call",
          "disabled");

  static final PgView<List<StatActivity>> VIEW =
      PgView.of("pg_stat_activity", StatActivity::sql, StatActivity::read, StatActivity::metrics);

  static String sql(int major) {
    return """
        SELECT d.datname::text AS datname, s.state,
               COALESCE(a.count, 0)::int8 AS count,
               COALESCE(a.max_tx_duration, 0)::float8 AS max_tx_duration
        FROM pg_database d
        CROSS JOIN (VALUES ('active'), ('idle'), ('idle in transaction'),
                           ('idle in transaction (aborted)'), ('fastpath function call'),
                           ('disabled')) AS s(state)
        LEFT JOIN (SELECT datid, state, count(*) AS count,
                          max(GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - xact_start)))
                            AS max_tx_duration
                   FROM pg_stat_activity
                   WHERE pid <> pg_backend_pid()
                   GROUP BY datid, state) a
          ON a.datid = d.oid AND a.state = s.state
        ORDER BY d.datname, s.state""";
  }

  static List<StatActivity> read(RowSet<Row> rows) {
    List<StatActivity> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new StatActivity(
              r.getString("datname"),
              r.getString("state"),
              r.getLong("count"),
              r.getDouble("max_tx_duration")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<StatActivity> rows, String server, List<MetricSnapshot> out) {
    Family count =
        Family.gauge(
            "pg_stat_activity_count",
            "Number of sessions per database and state (the agent's own session excluded)");
    Family maxTx =
        Family.gauge(
            "pg_stat_activity_max_tx_duration",
            "Seconds since the start of the oldest open transaction per database and state, 0 when none");
    for (StatActivity a : rows) {
      count.add(a.count, "server", server, "datname", a.datname, "state", a.state);
      maxTx.add(a.maxTxDurationSeconds, "server", server, "datname", a.datname, "state", a.state);
    }
    count.addTo(out);
    maxTx.addTo(out);
  }
}
