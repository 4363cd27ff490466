package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-table activity from {@code pg_stat_user_tables} of the database the agent connects to
 * (statistics views only show the current database; with {@code --pg-table-stats-databases}, of
 * each named database instead, read by {@link PgTableStatsSampler} on its own connection), with the
 * names, kinds and units of postgres_exporter's {@code stat_user_tables} collector. Capped at
 * {@link #TABLE_CAP} tables — those with the most live + dead rows — so a schema with thousands of
 * tables cannot blow up the exposition (postgres_exporter has no cap); {@link StatioUserTables}
 * takes the same tables. The same on PostgreSQL 13–18.
 *
 * <p>Families (labels {@code server, datname, schemaname, relname}): legacy counters (exposed
 * untyped, names without {@code _total} as upstream) {@code pg_stat_user_tables_seq_scan}, {@code
 * _seq_tup_read}, {@code _idx_scan}, {@code _idx_tup_fetch}, {@code _n_tup_ins}, {@code
 * _n_tup_upd}, {@code _n_tup_del}, {@code _n_tup_hot_upd}, {@code _vacuum_count}, {@code
 * _autovacuum_count}, {@code _analyze_count}, {@code _autoanalyze_count}; gauges {@code
 * _n_live_tup}, {@code _n_dead_tup}, {@code _n_mod_since_analyze}, {@code _last_vacuum}, {@code
 * _last_autovacuum}, {@code _last_analyze}, {@code _last_autoanalyze} (Unix epoch seconds, 0 when
 * never), {@code _index_size_bytes}, {@code _table_size_bytes} (from {@code pg_class.relpages}, see
 * {@link #SIZES}: no lock is ever waited for).
 */
public record StatUserTables(
    String datname,
    String schemaname,
    String relname,
    long seqScan,
    long seqTupRead,
    long idxScan,
    long idxTupFetch,
    long nTupIns,
    long nTupUpd,
    long nTupDel,
    long nTupHotUpd,
    long nLiveTup,
    long nDeadTup,
    long nModSinceAnalyze,
    double lastVacuum,
    double lastAutovacuum,
    double lastAnalyze,
    double lastAutoanalyze,
    long vacuumCount,
    long autovacuumCount,
    long analyzeCount,
    long autoanalyzeCount,
    long indexSizeBytes,
    long tableSizeBytes) {

  /** At most this many tables per sample (about 21 series each). */
  public static final int TABLE_CAP = 250;

  /** The capped tables, in the order both table views list them. */
  static final String CAPPED_TABLES = cappedTables(TABLE_CAP);

  /** The {@code cap} tables with the most live + dead rows (ties by schema and name). */
  static String cappedTables(int cap) {
    return """
        SELECT relid FROM pg_stat_user_tables
        ORDER BY n_live_tup + n_dead_tup DESC, schemaname, relname
        LIMIT %d"""
        .formatted(cap);
  }

  static final PgView<List<StatUserTables>> VIEW =
      PgView.of(
          "pg_stat_user_tables",
          StatUserTables::sql,
          StatUserTables::read,
          StatUserTables::metrics);

  static String sql(int major) {
    return capped(TABLE_CAP);
  }

  /** The statement for at most {@code cap} tables (the same on 13–18). */
  static String capped(int cap) {
    return """
        SELECT current_database()::text AS datname, schemaname::text AS schemaname, relname::text AS relname,
               COALESCE(seq_scan, 0)::int8 AS seq_scan, COALESCE(seq_tup_read, 0)::int8 AS seq_tup_read,
               COALESCE(idx_scan, 0)::int8 AS idx_scan, COALESCE(idx_tup_fetch, 0)::int8 AS idx_tup_fetch,
               n_tup_ins::int8 AS n_tup_ins, n_tup_upd::int8 AS n_tup_upd, n_tup_del::int8 AS n_tup_del,
               n_tup_hot_upd::int8 AS n_tup_hot_upd, n_live_tup::int8 AS n_live_tup,
               n_dead_tup::int8 AS n_dead_tup, n_mod_since_analyze::int8 AS n_mod_since_analyze,
               COALESCE(EXTRACT(EPOCH FROM last_vacuum), 0)::float8 AS last_vacuum,
               COALESCE(EXTRACT(EPOCH FROM last_autovacuum), 0)::float8 AS last_autovacuum,
               COALESCE(EXTRACT(EPOCH FROM last_analyze), 0)::float8 AS last_analyze,
               COALESCE(EXTRACT(EPOCH FROM last_autoanalyze), 0)::float8 AS last_autoanalyze,
               vacuum_count::int8 AS vacuum_count, autovacuum_count::int8 AS autovacuum_count,
               analyze_count::int8 AS analyze_count, autoanalyze_count::int8 AS autoanalyze_count,
               %s
        FROM pg_stat_user_tables
        WHERE relid IN (%s)
        ORDER BY schemaname, relname"""
        .formatted(SIZES, cappedTables(cap));
  }

  /**
   * Sizes from {@code pg_class.relpages} (as of the table's last VACUUM or ANALYZE) × block size,
   * the heap with its TOAST table, and the sum over its indexes. Never {@code pg_table_size()} /
   * {@code pg_indexes_size()}: they open each relation and wait behind an ACCESS EXCLUSIVE lock
   * (ALTER TABLE, VACUUM FULL, TRUNCATE), which would stall the whole round until its timeout.
   */
  static final String SIZES =
      """
      (SELECT COALESCE(sum(i.relpages), 0) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = relid)::int8 * current_setting('block_size')::int8 AS index_size,
      (SELECT c.relpages + COALESCE((SELECT t.relpages FROM pg_class t WHERE t.oid = c.reltoastrelid), 0)
         FROM pg_class c WHERE c.oid = relid)::int8 * current_setting('block_size')::int8 AS table_size""";

  static List<StatUserTables> read(RowSet<Row> rows) {
    List<StatUserTables> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new StatUserTables(
              r.getString("datname"),
              r.getString("schemaname"),
              r.getString("relname"),
              r.getLong("seq_scan"),
              r.getLong("seq_tup_read"),
              r.getLong("idx_scan"),
              r.getLong("idx_tup_fetch"),
              r.getLong("n_tup_ins"),
              r.getLong("n_tup_upd"),
              r.getLong("n_tup_del"),
              r.getLong("n_tup_hot_upd"),
              r.getLong("n_live_tup"),
              r.getLong("n_dead_tup"),
              r.getLong("n_mod_since_analyze"),
              r.getDouble("last_vacuum"),
              r.getDouble("last_autovacuum"),
              r.getDouble("last_analyze"),
              r.getDouble("last_autoanalyze"),
              r.getLong("vacuum_count"),
              r.getLong("autovacuum_count"),
              r.getLong("analyze_count"),
              r.getLong("autoanalyze_count"),
              r.getLong("index_size"),
              r.getLong("table_size")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<StatUserTables> rows, String server, List<MetricSnapshot> out) {
    Family seqScan =
        Family.legacyCounter(
            "pg_stat_user_tables_seq_scan", "Number of sequential scans initiated on this table");
    Family seqTupRead =
        Family.legacyCounter(
            "pg_stat_user_tables_seq_tup_read", "Number of live rows fetched by sequential scans");
    Family idxScan =
        Family.legacyCounter(
            "pg_stat_user_tables_idx_scan", "Number of index scans initiated on this table");
    Family idxTupFetch =
        Family.legacyCounter(
            "pg_stat_user_tables_idx_tup_fetch", "Number of live rows fetched by index scans");
    Family nTupIns =
        Family.legacyCounter("pg_stat_user_tables_n_tup_ins", "Number of rows inserted");
    Family nTupUpd =
        Family.legacyCounter("pg_stat_user_tables_n_tup_upd", "Number of rows updated");
    Family nTupDel =
        Family.legacyCounter("pg_stat_user_tables_n_tup_del", "Number of rows deleted");
    Family nTupHotUpd =
        Family.legacyCounter(
            "pg_stat_user_tables_n_tup_hot_upd",
            "Number of rows HOT updated (no separate index update needed)");
    Family nLiveTup =
        Family.gauge("pg_stat_user_tables_n_live_tup", "Estimated number of live rows");
    Family nDeadTup =
        Family.gauge("pg_stat_user_tables_n_dead_tup", "Estimated number of dead rows");
    Family nMod =
        Family.gauge(
            "pg_stat_user_tables_n_mod_since_analyze",
            "Estimated number of rows changed since this table was last analyzed");
    Family lastVacuum =
        Family.gauge(
            "pg_stat_user_tables_last_vacuum",
            "Last time this table was manually vacuumed, in Unix epoch seconds (0 when never)");
    Family lastAutovacuum =
        Family.gauge(
            "pg_stat_user_tables_last_autovacuum",
            "Last time this table was vacuumed by the autovacuum daemon, in Unix epoch seconds (0 when never)");
    Family lastAnalyze =
        Family.gauge(
            "pg_stat_user_tables_last_analyze",
            "Last time this table was manually analyzed, in Unix epoch seconds (0 when never)");
    Family lastAutoanalyze =
        Family.gauge(
            "pg_stat_user_tables_last_autoanalyze",
            "Last time this table was analyzed by the autovacuum daemon, in Unix epoch seconds (0 when never)");
    Family vacuumCount =
        Family.legacyCounter(
            "pg_stat_user_tables_vacuum_count",
            "Number of times this table has been manually vacuumed");
    Family autovacuumCount =
        Family.legacyCounter(
            "pg_stat_user_tables_autovacuum_count",
            "Number of times this table has been vacuumed by the autovacuum daemon");
    Family analyzeCount =
        Family.legacyCounter(
            "pg_stat_user_tables_analyze_count",
            "Number of times this table has been manually analyzed");
    Family autoanalyzeCount =
        Family.legacyCounter(
            "pg_stat_user_tables_autoanalyze_count",
            "Number of times this table has been analyzed by the autovacuum daemon");
    Family indexSize =
        Family.gauge(
            "pg_stat_user_tables_index_size_bytes",
            "Total disk space used by the indexes of this table, in bytes");
    Family tableSize =
        Family.gauge(
            "pg_stat_user_tables_table_size_bytes",
            "Disk space used by this table (without indexes), in bytes");
    for (StatUserTables t : rows) {
      String[] l = {
        "server", server, "datname", t.datname, "schemaname", t.schemaname, "relname", t.relname
      };
      seqScan.add(t.seqScan, l);
      seqTupRead.add(t.seqTupRead, l);
      idxScan.add(t.idxScan, l);
      idxTupFetch.add(t.idxTupFetch, l);
      nTupIns.add(t.nTupIns, l);
      nTupUpd.add(t.nTupUpd, l);
      nTupDel.add(t.nTupDel, l);
      nTupHotUpd.add(t.nTupHotUpd, l);
      nLiveTup.add(t.nLiveTup, l);
      nDeadTup.add(t.nDeadTup, l);
      nMod.add(t.nModSinceAnalyze, l);
      lastVacuum.add(t.lastVacuum, l);
      lastAutovacuum.add(t.lastAutovacuum, l);
      lastAnalyze.add(t.lastAnalyze, l);
      lastAutoanalyze.add(t.lastAutoanalyze, l);
      vacuumCount.add(t.vacuumCount, l);
      autovacuumCount.add(t.autovacuumCount, l);
      analyzeCount.add(t.analyzeCount, l);
      autoanalyzeCount.add(t.autoanalyzeCount, l);
      indexSize.add(t.indexSizeBytes, l);
      tableSize.add(t.tableSizeBytes, l);
    }
    for (Family f :
        List.of(
            seqScan,
            seqTupRead,
            idxScan,
            idxTupFetch,
            nTupIns,
            nTupUpd,
            nTupDel,
            nTupHotUpd,
            nLiveTup,
            nDeadTup,
            nMod,
            lastVacuum,
            lastAutovacuum,
            lastAnalyze,
            lastAutoanalyze,
            vacuumCount,
            autovacuumCount,
            analyzeCount,
            autoanalyzeCount,
            indexSize,
            tableSize)) {
      f.addTo(out);
    }
  }
}
