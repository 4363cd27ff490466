package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * How far each database is from transaction-ID and multixact wraparound, from {@code pg_database}:
 * {@code age(datfrozenxid)} and {@code mxid_age(datminmxid)}, with the settings at which autovacuum
 * forces a freeze ({@code autovacuum_freeze_max_age}, {@code autovacuum_multixact_freeze_max_age}).
 * Every database counts, {@code template0} included: wraparound stops the whole cluster whichever
 * database is oldest. The query is the same on PostgreSQL 13–18 and needs no privilege ({@code
 * pg_database} is public).
 *
 * <p>Families (gauges; labels {@code server, datname}): {@code pgvitals_wraparound_xid_age}, {@code
 * pgvitals_wraparound_mxid_age}.
 *
 * @param datname the database
 * @param xidAge transactions since the database's oldest unfrozen XID
 * @param mxidAge multixacts since its oldest unfrozen multixact ID
 * @param freezeMaxAge {@code autovacuum_freeze_max_age}
 * @param multixactFreezeMaxAge {@code autovacuum_multixact_freeze_max_age}
 */
public record WraparoundAge(
    String datname, long xidAge, long mxidAge, long freezeMaxAge, long multixactFreezeMaxAge) {

  /** 2^31: an XID (or multixact) this old would wrap around; PostgreSQL stops 3 million before. */
  public static final long WRAPAROUND = 1L << 31;

  static String sql(int major) {
    return """
        SELECT datname::text AS datname,
               age(datfrozenxid)::int8 AS xid_age,
               mxid_age(datminmxid)::int8 AS mxid_age,
               current_setting('autovacuum_freeze_max_age')::int8 AS freeze_max_age,
               current_setting('autovacuum_multixact_freeze_max_age')::int8 AS mxid_freeze_max_age
        FROM pg_database
        ORDER BY datname""";
  }

  static List<WraparoundAge> read(RowSet<Row> rows) {
    List<WraparoundAge> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new WraparoundAge(
              r.getString("datname"),
              r.getLong("xid_age"),
              r.getLong("mxid_age"),
              r.getLong("freeze_max_age"),
              r.getLong("mxid_freeze_max_age")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<WraparoundAge> rows, String server, List<MetricSnapshot> out) {
    Family xid =
        Family.gauge(
            "pgvitals_wraparound_xid_age",
            "age(datfrozenxid): transactions since the oldest unfrozen transaction ID of the database");
    Family mxid =
        Family.gauge(
            "pgvitals_wraparound_mxid_age",
            "mxid_age(datminmxid): multixacts since the oldest unfrozen multixact ID of the database");
    for (WraparoundAge a : rows) {
      xid.add(a.xidAge, "server", server, "datname", a.datname);
      mxid.add(a.mxidAge, "server", server, "datname", a.datname);
    }
    xid.addTo(out);
    mxid.addTo(out);
  }
}
