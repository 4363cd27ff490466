package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries canceled by recovery conflicts, per database and cause, from {@code
 * pg_stat_database_conflicts} (non-zero only on a standby). The five columns used exist on
 * PostgreSQL 13–18 ({@code confl_active_logicalslot}, new in 16, is not part of the contract).
 *
 * <p>Families (legacy counters, exposed untyped; labels {@code server, datid, datname}): {@code
 * pg_stat_database_conflicts_confl_tablespace}, {@code _confl_lock}, {@code _confl_snapshot},
 * {@code _confl_bufferpin}, {@code _confl_deadlock}.
 */
public record StatDatabaseConflicts(
    String datid,
    String datname,
    long conflTablespace,
    long conflLock,
    long conflSnapshot,
    long conflBufferpin,
    long conflDeadlock) {

  static final PgView<List<StatDatabaseConflicts>> VIEW =
      PgView.of(
          "pg_stat_database_conflicts",
          StatDatabaseConflicts::sql,
          StatDatabaseConflicts::read,
          StatDatabaseConflicts::metrics);

  static String sql(int major) {
    return """
        SELECT datid::text AS datid, datname::text AS datname,
               confl_tablespace::int8 AS confl_tablespace, confl_lock::int8 AS confl_lock,
               confl_snapshot::int8 AS confl_snapshot, confl_bufferpin::int8 AS confl_bufferpin,
               confl_deadlock::int8 AS confl_deadlock
        FROM pg_stat_database_conflicts
        WHERE datname IS NOT NULL
        ORDER BY datname""";
  }

  static List<StatDatabaseConflicts> read(RowSet<Row> rows) {
    List<StatDatabaseConflicts> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new StatDatabaseConflicts(
              r.getString("datid"),
              r.getString("datname"),
              r.getLong("confl_tablespace"),
              r.getLong("confl_lock"),
              r.getLong("confl_snapshot"),
              r.getLong("confl_bufferpin"),
              r.getLong("confl_deadlock")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<StatDatabaseConflicts> rows, String server, List<MetricSnapshot> out) {
    Family tablespace =
        Family.legacyCounter(
            "pg_stat_database_conflicts_confl_tablespace",
            "Number of queries in this database that have been canceled due to dropped tablespaces");
    Family lock =
        Family.legacyCounter(
            "pg_stat_database_conflicts_confl_lock",
            "Number of queries in this database that have been canceled due to lock timeouts");
    Family snapshot =
        Family.legacyCounter(
            "pg_stat_database_conflicts_confl_snapshot",
            "Number of queries in this database that have been canceled due to old snapshots");
    Family bufferpin =
        Family.legacyCounter(
            "pg_stat_database_conflicts_confl_bufferpin",
            "Number of queries in this database that have been canceled due to pinned buffers");
    Family deadlock =
        Family.legacyCounter(
            "pg_stat_database_conflicts_confl_deadlock",
            "Number of queries in this database that have been canceled due to deadlocks");
    for (StatDatabaseConflicts c : rows) {
      String[] l = {"server", server, "datid", c.datid, "datname", c.datname};
      tablespace.add(c.conflTablespace, l);
      lock.add(c.conflLock, l);
      snapshot.add(c.conflSnapshot, l);
      bufferpin.add(c.conflBufferpin, l);
      deadlock.add(c.conflDeadlock, l);
    }
    for (Family f : List.of(tablespace, lock, snapshot, bufferpin, deadlock)) {
      f.addTo(out);
    }
  }
}
