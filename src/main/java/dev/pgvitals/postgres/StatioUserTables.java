package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-table block I/O from {@code pg_statio_user_tables} of the database the agent connects to,
 * with the names of postgres_exporter's {@code statio_user_tables} collector, for the same capped
 * set of tables as {@link StatUserTables} ({@link StatUserTables#TABLE_CAP}). NULL counts (a table
 * without TOAST or indexes) are 0. The same on PostgreSQL 13–18.
 *
 * <p>Families (legacy counters, exposed untyped; labels {@code server, datname, schemaname,
 * relname}): {@code pg_statio_user_tables_heap_blocks_read}, {@code _heap_blocks_hit}, {@code
 * _idx_blocks_read}, {@code _idx_blocks_hit}, {@code _toast_blocks_read}, {@code
 * _toast_blocks_hit}, {@code _tidx_blocks_read}, {@code _tidx_blocks_hit}.
 */
public record StatioUserTables(
    String datname,
    String schemaname,
    String relname,
    long heapBlksRead,
    long heapBlksHit,
    long idxBlksRead,
    long idxBlksHit,
    long toastBlksRead,
    long toastBlksHit,
    long tidxBlksRead,
    long tidxBlksHit) {

  static final PgView<List<StatioUserTables>> VIEW =
      PgView.of(
          "pg_statio_user_tables",
          StatioUserTables::sql,
          StatioUserTables::read,
          StatioUserTables::metrics);

  static String sql(int major) {
    return capped(StatUserTables.TABLE_CAP);
  }

  /** The statement for the same {@code cap} tables as {@link StatUserTables#capped(int)}. */
  static String capped(int cap) {
    return """
        SELECT current_database()::text AS datname, schemaname::text AS schemaname, relname::text AS relname,
               COALESCE(heap_blks_read, 0)::int8 AS heap_blks_read, COALESCE(heap_blks_hit, 0)::int8 AS heap_blks_hit,
               COALESCE(idx_blks_read, 0)::int8 AS idx_blks_read, COALESCE(idx_blks_hit, 0)::int8 AS idx_blks_hit,
               COALESCE(toast_blks_read, 0)::int8 AS toast_blks_read, COALESCE(toast_blks_hit, 0)::int8 AS toast_blks_hit,
               COALESCE(tidx_blks_read, 0)::int8 AS tidx_blks_read, COALESCE(tidx_blks_hit, 0)::int8 AS tidx_blks_hit
        FROM pg_statio_user_tables
        WHERE relid IN (%s)
        ORDER BY schemaname, relname"""
        .formatted(StatUserTables.cappedTables(cap));
  }

  static List<StatioUserTables> read(RowSet<Row> rows) {
    List<StatioUserTables> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new StatioUserTables(
              r.getString("datname"),
              r.getString("schemaname"),
              r.getString("relname"),
              r.getLong("heap_blks_read"),
              r.getLong("heap_blks_hit"),
              r.getLong("idx_blks_read"),
              r.getLong("idx_blks_hit"),
              r.getLong("toast_blks_read"),
              r.getLong("toast_blks_hit"),
              r.getLong("tidx_blks_read"),
              r.getLong("tidx_blks_hit")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<StatioUserTables> rows, String server, List<MetricSnapshot> out) {
    Family heapRead =
        Family.legacyCounter(
            "pg_statio_user_tables_heap_blocks_read", "Number of disk blocks read from this table");
    Family heapHit =
        Family.legacyCounter(
            "pg_statio_user_tables_heap_blocks_hit", "Number of buffer hits in this table");
    Family idxRead =
        Family.legacyCounter(
            "pg_statio_user_tables_idx_blocks_read",
            "Number of disk blocks read from all indexes on this table");
    Family idxHit =
        Family.legacyCounter(
            "pg_statio_user_tables_idx_blocks_hit",
            "Number of buffer hits in all indexes on this table");
    Family toastRead =
        Family.legacyCounter(
            "pg_statio_user_tables_toast_blocks_read",
            "Number of disk blocks read from this table's TOAST table");
    Family toastHit =
        Family.legacyCounter(
            "pg_statio_user_tables_toast_blocks_hit",
            "Number of buffer hits in this table's TOAST table");
    Family tidxRead =
        Family.legacyCounter(
            "pg_statio_user_tables_tidx_blocks_read",
            "Number of disk blocks read from this table's TOAST table indexes");
    Family tidxHit =
        Family.legacyCounter(
            "pg_statio_user_tables_tidx_blocks_hit",
            "Number of buffer hits in this table's TOAST table indexes");
    for (StatioUserTables t : rows) {
      String[] l = {
        "server", server, "datname", t.datname, "schemaname", t.schemaname, "relname", t.relname
      };
      heapRead.add(t.heapBlksRead, l);
      heapHit.add(t.heapBlksHit, l);
      idxRead.add(t.idxBlksRead, l);
      idxHit.add(t.idxBlksHit, l);
      toastRead.add(t.toastBlksRead, l);
      toastHit.add(t.toastBlksHit, l);
      tidxRead.add(t.tidxBlksRead, l);
      tidxHit.add(t.tidxBlksHit, l);
    }
    for (Family f :
        List.of(heapRead, heapHit, idxRead, idxHit, toastRead, toastHit, tidxRead, tidxHit)) {
      f.addTo(out);
    }
  }
}
