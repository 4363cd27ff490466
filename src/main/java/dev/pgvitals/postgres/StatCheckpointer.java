package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;

/**
 * The checkpointer's counters from {@code pg_stat_checkpointer} (PostgreSQL 17+; the view does not
 * exist before, and this view sends no statement there), under the names of postgres_exporter's
 * {@code stat_checkpointer} collector. The same counts also feed the older {@code
 * pg_stat_bgwriter_checkpoint*} names ({@link StatBgwriter}), which dashboards of either generation
 * query.
 *
 * <p>Families (counters; label {@code server}): {@code pg_stat_checkpointer_num_timed_total},
 * {@code _num_requested_total}, {@code _restartpoints_timed_total}, {@code
 * _restartpoints_req_total}, {@code _restartpoints_done_total}, {@code _write_time_total} (ms),
 * {@code _sync_time_total} (ms), {@code _buffers_written_total}, {@code _stats_reset_total} (Unix
 * epoch seconds, 0 when never reset). {@code num_done} and {@code slru_written} (new in 18) are not
 * exposed, as upstream.
 */
public record StatCheckpointer(
    long numTimed,
    long numRequested,
    long restartpointsTimed,
    long restartpointsReq,
    long restartpointsDone,
    double writeTimeMillis,
    double syncTimeMillis,
    long buffersWritten,
    double statsResetEpochSeconds) {

  /**
   * Every family is postgres_exporter 0.11+'s (second generation): none with {@code
   * --pg-exporter-names=seed}.
   */
  static final PgView<StatCheckpointer> VIEW =
      PgView.of(
          "pg_stat_checkpointer",
          StatCheckpointer::sql,
          StatCheckpointer::read,
          PgView.none(),
          StatCheckpointer::metrics);

  static String sql(int major) {
    if (major < 17) {
      return null;
    }
    return """
        SELECT num_timed::int8 AS num_timed, num_requested::int8 AS num_requested,
               restartpoints_timed::int8 AS restartpoints_timed,
               restartpoints_req::int8 AS restartpoints_req,
               restartpoints_done::int8 AS restartpoints_done,
               write_time::float8 AS write_time, sync_time::float8 AS sync_time,
               buffers_written::int8 AS buffers_written,
               COALESCE(EXTRACT(EPOCH FROM stats_reset), 0)::float8 AS stats_reset
        FROM pg_stat_checkpointer""";
  }

  static StatCheckpointer read(RowSet<Row> rows) {
    Row r = SqlRows.single(rows, "pg_stat_checkpointer");
    return new StatCheckpointer(
        r.getLong("num_timed"),
        r.getLong("num_requested"),
        r.getLong("restartpoints_timed"),
        r.getLong("restartpoints_req"),
        r.getLong("restartpoints_done"),
        r.getDouble("write_time"),
        r.getDouble("sync_time"),
        r.getLong("buffers_written"),
        r.getDouble("stats_reset"));
  }

  static void metrics(StatCheckpointer c, String server, List<MetricSnapshot> out) {
    one(
        out,
        server,
        "pg_stat_checkpointer_num_timed_total",
        "Number of scheduled checkpoints due to timeout",
        c.numTimed);
    one(
        out,
        server,
        "pg_stat_checkpointer_num_requested_total",
        "Number of requested checkpoints that have been performed",
        c.numRequested);
    one(
        out,
        server,
        "pg_stat_checkpointer_restartpoints_timed_total",
        "Number of scheduled restartpoints due to timeout or after a failed attempt to perform it",
        c.restartpointsTimed);
    one(
        out,
        server,
        "pg_stat_checkpointer_restartpoints_req_total",
        "Number of requested restartpoints",
        c.restartpointsReq);
    one(
        out,
        server,
        "pg_stat_checkpointer_restartpoints_done_total",
        "Number of restartpoints that have been performed",
        c.restartpointsDone);
    one(
        out,
        server,
        "pg_stat_checkpointer_write_time_total",
        "Time spent writing files to disk for checkpoints and restartpoints, in milliseconds",
        c.writeTimeMillis);
    one(
        out,
        server,
        "pg_stat_checkpointer_sync_time_total",
        "Time spent synchronizing files to disk for checkpoints and restartpoints, in milliseconds",
        c.syncTimeMillis);
    one(
        out,
        server,
        "pg_stat_checkpointer_buffers_written_total",
        "Number of buffers written during checkpoints and restartpoints",
        c.buffersWritten);
    one(
        out,
        server,
        "pg_stat_checkpointer_stats_reset_total",
        "Time at which these statistics were last reset, in Unix epoch seconds",
        c.statsResetEpochSeconds);
  }

  private static void one(
      List<MetricSnapshot> out, String server, String name, String help, double v) {
    Family.total(name, help).add(v, "server", server).addTo(out);
  }
}
