package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;

/**
 * Background writer and checkpointer counters under their pre-17 {@code pg_stat_bgwriter} names.
 *
 * <p>Version branches (see docs/metrics-mapping.md):
 *
 * <ul>
 *   <li><b>13–16</b>: every column straight from {@code pg_stat_bgwriter}.
 *   <li><b>17</b>: checkpoint columns from {@code pg_stat_checkpointer} ({@code num_timed}, {@code
 *       num_requested}, {@code write_time}, {@code sync_time}, {@code buffers_written}); {@code
 *       buffers_backend} / {@code buffers_backend_fsync} are the sums of {@code writes} / {@code
 *       fsyncs} of the {@code client backend} rows of {@code pg_stat_io} on {@code object =
 *       'relation'} (shared buffers; local buffers of temporary tables never counted there); {@code
 *       buffers_clean}, {@code maxwritten_clean}, {@code buffers_alloc} stay in {@code
 *       pg_stat_bgwriter}; {@code stats_reset} is the latest reset of the three sources.
 *   <li><b>18+</b>: as 17, but {@code buffers_backend} is {@code write_bytes / block_size}: {@code
 *       pg_stat_io} counts operations, which may cover several blocks from 18 on, and {@code
 *       op_bytes} is gone; {@code object = 'relation'} also keeps the new {@code wal} rows out.
 * </ul>
 *
 * <p>Families (label {@code server}), every one in two generations with the same value: the seed's
 * names ({@code pg_stat_bgwriter_checkpoints_timed}, …) and postgres_exporter 0.11+'s ({@code
 * pg_stat_bgwriter_checkpoints_timed_total}, …), all exposed untyped (see {@link
 * #secondGeneration}; the second generation is left out with {@code --pg-exporter-names=seed});
 * times in milliseconds, {@code stats_reset} in Unix epoch seconds (0 when never reset). Unlike
 * postgres_exporter, which drops the checkpoint and backend columns on 17+, both generations keep
 * all eleven there.
 */
public record StatBgwriter(
    long checkpointsTimed,
    long checkpointsReq,
    double checkpointWriteTimeMillis,
    double checkpointSyncTimeMillis,
    long buffersCheckpoint,
    long buffersClean,
    long maxwrittenClean,
    long buffersBackend,
    long buffersBackendFsync,
    long buffersAlloc,
    double statsResetEpochSeconds) {

  static String sql(int major) {
    if (major < 17) {
      return """
          SELECT checkpoints_timed::int8 AS checkpoints_timed,
                 checkpoints_req::int8 AS checkpoints_req,
                 checkpoint_write_time::float8 AS checkpoint_write_time,
                 checkpoint_sync_time::float8 AS checkpoint_sync_time,
                 buffers_checkpoint::int8 AS buffers_checkpoint,
                 buffers_clean::int8 AS buffers_clean,
                 maxwritten_clean::int8 AS maxwritten_clean,
                 buffers_backend::int8 AS buffers_backend,
                 buffers_backend_fsync::int8 AS buffers_backend_fsync,
                 buffers_alloc::int8 AS buffers_alloc,
                 COALESCE(EXTRACT(EPOCH FROM stats_reset), 0)::float8 AS stats_reset
          FROM pg_stat_bgwriter""";
    }
    String backendWrites =
        major == 17
            ? "COALESCE(sum(writes), 0)"
            : "COALESCE(sum(write_bytes) / current_setting('block_size')::numeric, 0)";
    return """
        SELECT c.num_timed::int8 AS checkpoints_timed,
               c.num_requested::int8 AS checkpoints_req,
               c.write_time::float8 AS checkpoint_write_time,
               c.sync_time::float8 AS checkpoint_sync_time,
               c.buffers_written::int8 AS buffers_checkpoint,
               b.buffers_clean::int8 AS buffers_clean,
               b.maxwritten_clean::int8 AS maxwritten_clean,
               io.writes::int8 AS buffers_backend,
               io.fsyncs::int8 AS buffers_backend_fsync,
               b.buffers_alloc::int8 AS buffers_alloc,
               COALESCE(EXTRACT(EPOCH FROM GREATEST(b.stats_reset, c.stats_reset, io.stats_reset)), 0)::float8
                 AS stats_reset
        FROM pg_stat_bgwriter b
        CROSS JOIN pg_stat_checkpointer c
        CROSS JOIN (SELECT %s AS writes, COALESCE(sum(fsyncs), 0) AS fsyncs,
                           max(stats_reset) AS stats_reset
                    FROM pg_stat_io
                    WHERE backend_type = 'client backend' AND object = 'relation') io"""
        .formatted(backendWrites);
  }

  static StatBgwriter read(RowSet<Row> rows) {
    Row r = SqlRows.single(rows, "pg_stat_bgwriter");
    return new StatBgwriter(
        r.getLong("checkpoints_timed"),
        r.getLong("checkpoints_req"),
        r.getDouble("checkpoint_write_time"),
        r.getDouble("checkpoint_sync_time"),
        r.getLong("buffers_checkpoint"),
        r.getLong("buffers_clean"),
        r.getLong("maxwritten_clean"),
        r.getLong("buffers_backend"),
        r.getLong("buffers_backend_fsync"),
        r.getLong("buffers_alloc"),
        r.getDouble("stats_reset"));
  }

  static final PgView<StatBgwriter> VIEW =
      PgView.of(
          "pg_stat_bgwriter",
          StatBgwriter::sql,
          StatBgwriter::read,
          StatBgwriter::metrics,
          StatBgwriter::secondGeneration);

  static void metrics(StatBgwriter b, String server, List<MetricSnapshot> out) {
    // first generation (postgres_exporter 0.10 and the seed, metrics.md)
    one(out, server, "pg_stat_bgwriter_checkpoints_timed", CHECKPOINTS_TIMED, b.checkpointsTimed);
    one(out, server, "pg_stat_bgwriter_checkpoints_req", CHECKPOINTS_REQ, b.checkpointsReq);
    one(
        out,
        server,
        "pg_stat_bgwriter_checkpoint_write_time",
        CHECKPOINT_WRITE_TIME,
        b.checkpointWriteTimeMillis);
    one(
        out,
        server,
        "pg_stat_bgwriter_checkpoint_sync_time",
        CHECKPOINT_SYNC_TIME,
        b.checkpointSyncTimeMillis);
    one(
        out,
        server,
        "pg_stat_bgwriter_buffers_checkpoint",
        BUFFERS_CHECKPOINT,
        b.buffersCheckpoint);
    one(out, server, "pg_stat_bgwriter_buffers_clean", BUFFERS_CLEAN, b.buffersClean);
    one(out, server, "pg_stat_bgwriter_maxwritten_clean", MAXWRITTEN_CLEAN, b.maxwrittenClean);
    one(out, server, "pg_stat_bgwriter_buffers_backend", BUFFERS_BACKEND, b.buffersBackend);
    one(
        out,
        server,
        "pg_stat_bgwriter_buffers_backend_fsync",
        BUFFERS_BACKEND_FSYNC,
        b.buffersBackendFsync);
    one(out, server, "pg_stat_bgwriter_buffers_alloc", BUFFERS_ALLOC, b.buffersAlloc);
    one(out, server, "pg_stat_bgwriter_stats_reset", STATS_RESET, b.statsResetEpochSeconds);
  }

  /** Left out with {@code --pg-exporter-names=seed} ({@link ExporterNames}). */
  static void secondGeneration(StatBgwriter b, String server, List<MetricSnapshot> out) {
    // second generation (postgres_exporter 0.11+): same values, with _total. Exposed untyped like
    // the first generation: a counter snapshot of the same base name would clash with it.
    one(
        out,
        server,
        "pg_stat_bgwriter_checkpoints_timed_total",
        CHECKPOINTS_TIMED,
        b.checkpointsTimed);
    one(out, server, "pg_stat_bgwriter_checkpoints_req_total", CHECKPOINTS_REQ, b.checkpointsReq);
    one(
        out,
        server,
        "pg_stat_bgwriter_checkpoint_write_time_total",
        CHECKPOINT_WRITE_TIME,
        b.checkpointWriteTimeMillis);
    one(
        out,
        server,
        "pg_stat_bgwriter_checkpoint_sync_time_total",
        CHECKPOINT_SYNC_TIME,
        b.checkpointSyncTimeMillis);
    one(
        out,
        server,
        "pg_stat_bgwriter_buffers_checkpoint_total",
        BUFFERS_CHECKPOINT,
        b.buffersCheckpoint);
    one(out, server, "pg_stat_bgwriter_buffers_clean_total", BUFFERS_CLEAN, b.buffersClean);
    one(
        out,
        server,
        "pg_stat_bgwriter_maxwritten_clean_total",
        MAXWRITTEN_CLEAN,
        b.maxwrittenClean);
    one(out, server, "pg_stat_bgwriter_buffers_backend_total", BUFFERS_BACKEND, b.buffersBackend);
    one(
        out,
        server,
        "pg_stat_bgwriter_buffers_backend_fsync_total",
        BUFFERS_BACKEND_FSYNC,
        b.buffersBackendFsync);
    one(out, server, "pg_stat_bgwriter_buffers_alloc_total", BUFFERS_ALLOC, b.buffersAlloc);
    one(out, server, "pg_stat_bgwriter_stats_reset_total", STATS_RESET, b.statsResetEpochSeconds);
  }

  private static final String CHECKPOINTS_TIMED = "Number of scheduled checkpoints";
  private static final String CHECKPOINTS_REQ = "Number of requested checkpoints";
  private static final String CHECKPOINT_WRITE_TIME =
      "Time spent writing checkpoint files to disk, in milliseconds";
  private static final String CHECKPOINT_SYNC_TIME =
      "Time spent synchronizing checkpoint files to disk, in milliseconds";
  private static final String BUFFERS_CHECKPOINT = "Number of buffers written during checkpoints";
  private static final String BUFFERS_CLEAN = "Number of buffers written by the background writer";
  private static final String MAXWRITTEN_CLEAN =
      "Number of times the background writer stopped a cleaning scan because it had written too many buffers";
  private static final String BUFFERS_BACKEND = "Number of buffers written directly by a backend";
  private static final String BUFFERS_BACKEND_FSYNC =
      "Number of times a backend had to execute its own fsync call";
  private static final String BUFFERS_ALLOC = "Number of buffers allocated";
  private static final String STATS_RESET =
      "Time at which these statistics were last reset, in Unix epoch seconds";

  private static void one(
      List<MetricSnapshot> out, String server, String name, String help, double v) {
    Family.legacyCounter(name, help).add(v, "server", server).addTo(out);
  }
}
