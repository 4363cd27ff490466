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
 *   <li><b>17</b>: checkpoint columns from {@code pg_stat_checkpointer} ({@code num_timed},
 *       {@code num_requested}, {@code write_time}, {@code sync_time}, {@code buffers_written});
 *       {@code buffers_backend} / {@code buffers_backend_fsync} are the sums of {@code writes} /
 *       {@code fsyncs} of the {@code client backend} rows of {@code pg_stat_io} on {@code object =
 *       'relation'} (shared buffers; local buffers of temporary tables never counted there);
 *       {@code buffers_clean}, {@code maxwritten_clean}, {@code buffers_alloc} stay in
 *       {@code pg_stat_bgwriter}; {@code stats_reset} is the latest reset of the three sources.
 *   <li><b>18+</b>: as 17, but {@code buffers_backend} is {@code write_bytes / block_size}:
 *       {@code pg_stat_io} counts operations, which may cover several blocks from 18 on, and
 *       {@code op_bytes} is gone; {@code object = 'relation'} also keeps the new {@code wal} rows
 *       out.
 * </ul>
 *
 * <p>Families (legacy counters, exposed untyped; label {@code server}):
 * {@code pg_stat_bgwriter_checkpoints_timed}, {@code _checkpoints_req},
 * {@code _checkpoint_write_time} (ms), {@code _checkpoint_sync_time} (ms),
 * {@code _buffers_checkpoint}, {@code _buffers_clean}, {@code _maxwritten_clean},
 * {@code _buffers_backend}, {@code _buffers_backend_fsync}, {@code _buffers_alloc},
 * {@code _stats_reset} (Unix epoch seconds, 0 when never reset).
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
    String backendWrites = major == 17
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

  static void metrics(StatBgwriter b, String server, List<MetricSnapshot> out) {
    counter(out, server, "checkpoints_timed", "Number of scheduled checkpoints", b.checkpointsTimed);
    counter(out, server, "checkpoints_req", "Number of requested checkpoints", b.checkpointsReq);
    counter(out, server, "checkpoint_write_time",
        "Time spent writing checkpoint files to disk, in milliseconds", b.checkpointWriteTimeMillis);
    counter(out, server, "checkpoint_sync_time",
        "Time spent synchronizing checkpoint files to disk, in milliseconds", b.checkpointSyncTimeMillis);
    counter(out, server, "buffers_checkpoint",
        "Number of buffers written during checkpoints", b.buffersCheckpoint);
    counter(out, server, "buffers_clean",
        "Number of buffers written by the background writer", b.buffersClean);
    counter(out, server, "maxwritten_clean",
        "Number of times the background writer stopped a cleaning scan because it had written too many buffers",
        b.maxwrittenClean);
    counter(out, server, "buffers_backend",
        "Number of buffers written directly by a backend", b.buffersBackend);
    counter(out, server, "buffers_backend_fsync",
        "Number of times a backend had to execute its own fsync call", b.buffersBackendFsync);
    counter(out, server, "buffers_alloc", "Number of buffers allocated", b.buffersAlloc);
    counter(out, server, "stats_reset",
        "Time at which these statistics were last reset, in Unix epoch seconds", b.statsResetEpochSeconds);
  }

  private static void counter(List<MetricSnapshot> out, String server, String column, String help, double v) {
    Family f = Family.legacyCounter("pg_stat_bgwriter_" + column, help);
    f.add(v, "server", server);
    f.addTo(out);
  }
}
