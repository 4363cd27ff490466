package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One row per walsender from {@code pg_stat_replication}, with the replication slot it holds
 * (joined on {@code pg_replication_slots.active_pid}). The node's own WAL position is {@code
 * pg_current_wal_lsn()} on a leader and, on a cascading standby (where the function fails), {@code
 * pg_last_wal_receive_lsn()} (its replay position when it receives nothing). The query is the same
 * on PostgreSQL 13–18.
 *
 * <p>Families (gauges; labels {@code server, application_name, client_addr, state, slot_name}):
 * {@code pg_stat_replication_pg_current_wal_lsn_bytes}, {@code
 * pg_stat_replication_pg_wal_lsn_diff}, {@code pg_stat_replication_reply_time}. A node without
 * walsenders has none of them.
 *
 * <p>Two walsenders can share all four label values (two standbys on one host with the same {@code
 * application_name} and no slot); their series are merged so that a family never holds two series
 * with equal labels: the largest lag and the oldest reply win, the worst case being what an alert
 * should see.
 *
 * @param applicationName the standby's {@code application_name}, {@code ""} when NULL
 * @param clientAddr the standby's address without netmask, {@code ""} for a Unix socket
 * @param state walsender state, e.g. {@code streaming}
 * @param slotName the replication slot the walsender holds, {@code ""} when none
 * @param currentWalLsnBytes this node's current WAL position in bytes
 * @param walLsnDiffBytes bytes between that position and the standby's {@code replay_lsn}; null
 *     while the standby has not reported one (e.g. a base backup)
 * @param replyTimeEpochSeconds the standby's last reply, Unix epoch seconds; null before the first
 */
public record StatReplication(
    String applicationName,
    String clientAddr,
    String state,
    String slotName,
    double currentWalLsnBytes,
    Double walLsnDiffBytes,
    Double replyTimeEpochSeconds) {

  public StatReplication {
    applicationName = applicationName == null ? "" : applicationName;
    clientAddr = clientAddr == null ? "" : clientAddr;
    state = state == null ? "" : state;
    slotName = slotName == null ? "" : slotName;
  }

  static final PgView<List<StatReplication>> VIEW =
      PgView.of(
          "pg_stat_replication",
          StatReplication::sql,
          StatReplication::read,
          StatReplication::metrics);

  static String sql(int major) {
    return """
        SELECT COALESCE(r.application_name, '')::text AS application_name,
               COALESCE(host(r.client_addr), '') AS client_addr,
               COALESCE(r.state, '')::text AS state,
               COALESCE(s.slot_name::text, '') AS slot_name,
               pg_wal_lsn_diff(w.lsn, '0/0')::float8 AS current_wal_lsn_bytes,
               pg_wal_lsn_diff(w.lsn, r.replay_lsn)::float8 AS wal_lsn_diff,
               EXTRACT(EPOCH FROM r.reply_time)::float8 AS reply_time
        FROM pg_stat_replication r
        LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid
        CROSS JOIN (SELECT CASE WHEN pg_is_in_recovery()
                                THEN COALESCE(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
                                ELSE pg_current_wal_lsn() END AS lsn) w
        ORDER BY r.application_name, r.client_addr, r.pid""";
  }

  static List<StatReplication> read(RowSet<Row> rows) {
    List<StatReplication> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Double current = r.getDouble("current_wal_lsn_bytes");
      out.add(
          new StatReplication(
              r.getString("application_name"),
              r.getString("client_addr"),
              r.getString("state"),
              r.getString("slot_name"),
              current == null ? 0 : current,
              r.getDouble("wal_lsn_diff"),
              r.getDouble("reply_time")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<StatReplication> rows, String server, List<MetricSnapshot> out) {
    family(
        rows,
        server,
        out,
        "pg_stat_replication_pg_current_wal_lsn_bytes",
        "This node's current WAL position in bytes (its receive position on a standby), per walsender",
        StatReplication::currentWalLsnBytes,
        Math::max);
    family(
        rows,
        server,
        out,
        "pg_stat_replication_pg_wal_lsn_diff",
        "Bytes between this node's current WAL position and the standby's replay position",
        StatReplication::walLsnDiffBytes,
        Math::max);
    family(
        rows,
        server,
        out,
        "pg_stat_replication_reply_time",
        "Time of the standby's last reply, in Unix epoch seconds",
        StatReplication::replyTimeEpochSeconds,
        Math::min);
  }

  private static void family(
      List<StatReplication> rows,
      String server,
      List<MetricSnapshot> out,
      String name,
      String help,
      Function<StatReplication, Double> value,
      BinaryOperator<Double> merge) {
    Map<List<String>, Double> merged = new LinkedHashMap<>();
    for (StatReplication r : rows) {
      Double v = value.apply(r);
      if (v != null) {
        merged.merge(List.of(r.applicationName, r.clientAddr, r.state, r.slotName), v, merge);
      }
    }
    Family f = Family.gauge(name, help);
    merged.forEach(
        (l, v) ->
            f.add(
                v,
                "server",
                server,
                "application_name",
                l.get(0),
                "client_addr",
                l.get(1),
                "state",
                l.get(2),
                "slot_name",
                l.get(3)));
    f.addTo(out);
  }
}
