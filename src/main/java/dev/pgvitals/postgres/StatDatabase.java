package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-database counters from {@code pg_stat_database}, one row per database; the shared-objects row
 * (NULL {@code datname}) is skipped. The columns of postgres_exporter's {@code stat_database}
 * collector: every one exists on PostgreSQL 13–18 except {@code active_time} (14+).
 *
 * <p>Families (labels {@code server, datid, datname}): {@code pg_stat_database_numbackends}
 * (gauge); the legacy counters (exposed untyped, names without {@code _total}, as both exporter
 * generations spell them) {@code pg_stat_database_xact_commit}, {@code _xact_rollback}, {@code
 * _blks_read}, {@code _blks_hit}, {@code _tup_returned}, {@code _tup_fetched}, {@code
 * _tup_inserted}, {@code _tup_updated}, {@code _tup_deleted}, {@code _conflicts}, {@code
 * _temp_files}, {@code _temp_bytes}, {@code _deadlocks}, {@code _blk_read_time} (ms), {@code
 * _blk_write_time} (ms), {@code _stats_reset} (Unix epoch seconds, 0 when never reset); and on 14+
 * the counter {@code pg_stat_database_active_time_seconds_total} (ms → s).
 *
 * @param activeTimeMillis {@code active_time} in ms; null before PostgreSQL 14
 */
public record StatDatabase(
    String datid,
    String datname,
    long numbackends,
    long xactCommit,
    long xactRollback,
    long blksRead,
    long blksHit,
    long tupReturned,
    long tupFetched,
    long tupInserted,
    long tupUpdated,
    long tupDeleted,
    long conflicts,
    long tempFiles,
    long tempBytes,
    long deadlocks,
    double blkReadTimeMillis,
    double blkWriteTimeMillis,
    double statsResetEpochSeconds,
    Double activeTimeMillis) {

  static final PgView<List<StatDatabase>> VIEW =
      PgView.of("pg_stat_database", StatDatabase::sql, StatDatabase::read, StatDatabase::metrics);

  static String sql(int major) {
    return """
        SELECT datid::text AS datid, datname::text AS datname,
               numbackends::int8 AS numbackends,
               xact_commit::int8 AS xact_commit, xact_rollback::int8 AS xact_rollback,
               blks_read::int8 AS blks_read, blks_hit::int8 AS blks_hit,
               tup_returned::int8 AS tup_returned, tup_fetched::int8 AS tup_fetched,
               tup_inserted::int8 AS tup_inserted, tup_updated::int8 AS tup_updated,
               tup_deleted::int8 AS tup_deleted,
               conflicts::int8 AS conflicts,
               temp_files::int8 AS temp_files, temp_bytes::int8 AS temp_bytes,
               deadlocks::int8 AS deadlocks,
               COALESCE(blk_read_time, 0)::float8 AS blk_read_time,
               COALESCE(blk_write_time, 0)::float8 AS blk_write_time,
               COALESCE(EXTRACT(EPOCH FROM stats_reset), 0)::float8 AS stats_reset,
               %s AS active_time
        FROM pg_stat_database
        WHERE datname IS NOT NULL
        ORDER BY datname"""
        .formatted(major >= 14 ? "COALESCE(active_time, 0)::float8" : "NULL::float8");
  }

  static List<StatDatabase> read(RowSet<Row> rows) {
    List<StatDatabase> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new StatDatabase(
              r.getString("datid"),
              r.getString("datname"),
              r.getLong("numbackends"),
              r.getLong("xact_commit"),
              r.getLong("xact_rollback"),
              r.getLong("blks_read"),
              r.getLong("blks_hit"),
              r.getLong("tup_returned"),
              r.getLong("tup_fetched"),
              r.getLong("tup_inserted"),
              r.getLong("tup_updated"),
              r.getLong("tup_deleted"),
              r.getLong("conflicts"),
              r.getLong("temp_files"),
              r.getLong("temp_bytes"),
              r.getLong("deadlocks"),
              r.getDouble("blk_read_time"),
              r.getDouble("blk_write_time"),
              r.getDouble("stats_reset"),
              r.getDouble("active_time")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<StatDatabase> rows, String server, List<MetricSnapshot> out) {
    Family numbackends =
        Family.gauge(
            "pg_stat_database_numbackends",
            "Number of backends currently connected to this database");
    Family xactCommit =
        Family.legacyCounter(
            "pg_stat_database_xact_commit",
            "Number of transactions in this database that have been committed");
    Family xactRollback =
        Family.legacyCounter(
            "pg_stat_database_xact_rollback",
            "Number of transactions in this database that have been rolled back");
    Family blksRead =
        Family.legacyCounter(
            "pg_stat_database_blks_read", "Number of disk blocks read in this database");
    Family blksHit =
        Family.legacyCounter(
            "pg_stat_database_blks_hit",
            "Number of times disk blocks were found already in the buffer cache");
    Family tupReturned =
        Family.legacyCounter(
            "pg_stat_database_tup_returned", "Number of rows returned by queries in this database");
    Family tupFetched =
        Family.legacyCounter(
            "pg_stat_database_tup_fetched", "Number of rows fetched by queries in this database");
    Family tupInserted =
        Family.legacyCounter(
            "pg_stat_database_tup_inserted", "Number of rows inserted by queries in this database");
    Family tupUpdated =
        Family.legacyCounter(
            "pg_stat_database_tup_updated", "Number of rows updated by queries in this database");
    Family tupDeleted =
        Family.legacyCounter(
            "pg_stat_database_tup_deleted", "Number of rows deleted by queries in this database");
    Family conflicts =
        Family.legacyCounter(
            "pg_stat_database_conflicts",
            "Number of queries canceled due to conflicts with recovery in this database");
    Family tempFiles =
        Family.legacyCounter(
            "pg_stat_database_temp_files",
            "Number of temporary files created by queries in this database");
    Family tempBytes =
        Family.legacyCounter(
            "pg_stat_database_temp_bytes",
            "Total amount of data written to temporary files by queries in this database, in bytes");
    Family deadlocks =
        Family.legacyCounter(
            "pg_stat_database_deadlocks", "Number of deadlocks detected in this database");
    Family blkReadTime =
        Family.legacyCounter(
            "pg_stat_database_blk_read_time",
            "Time spent reading data file blocks by backends in this database, in milliseconds");
    Family blkWriteTime =
        Family.legacyCounter(
            "pg_stat_database_blk_write_time",
            "Time spent writing data file blocks by backends in this database, in milliseconds");
    Family statsReset =
        Family.legacyCounter(
            "pg_stat_database_stats_reset",
            "Time at which these statistics were last reset, in Unix epoch seconds");
    Family activeTime =
        Family.total(
            "pg_stat_database_active_time_seconds_total",
            "Time spent executing SQL statements in this database, in seconds");
    for (StatDatabase d : rows) {
      String[] l = {"server", server, "datid", d.datid, "datname", d.datname};
      numbackends.add(d.numbackends, l);
      xactCommit.add(d.xactCommit, l);
      xactRollback.add(d.xactRollback, l);
      blksRead.add(d.blksRead, l);
      blksHit.add(d.blksHit, l);
      tupReturned.add(d.tupReturned, l);
      tupFetched.add(d.tupFetched, l);
      tupInserted.add(d.tupInserted, l);
      tupUpdated.add(d.tupUpdated, l);
      tupDeleted.add(d.tupDeleted, l);
      conflicts.add(d.conflicts, l);
      tempFiles.add(d.tempFiles, l);
      tempBytes.add(d.tempBytes, l);
      deadlocks.add(d.deadlocks, l);
      blkReadTime.add(d.blkReadTimeMillis, l);
      blkWriteTime.add(d.blkWriteTimeMillis, l);
      statsReset.add(d.statsResetEpochSeconds, l);
      if (d.activeTimeMillis != null) {
        activeTime.add(d.activeTimeMillis / 1000.0, l);
      }
    }
    for (Family f :
        List.of(
            numbackends,
            xactCommit,
            xactRollback,
            blksRead,
            blksHit,
            tupReturned,
            tupFetched,
            tupInserted,
            tupUpdated,
            tupDeleted,
            conflicts,
            tempFiles,
            tempBytes,
            deadlocks,
            blkReadTime,
            blkWriteTime,
            statsReset,
            activeTime)) {
      f.addTo(out);
    }
  }
}
