package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;
import java.util.Optional;

/**
 * The oldest open transaction, the session longest idle in a transaction, from {@code
 * pg_stat_activity} (client backends only; the agent's own session excluded), and the oldest
 * prepared transaction ({@code pg_prepared_xacts}: it holds back vacuum and wraparound like an open
 * one, with no session to see). Only pid, user, database, age and the prepared transaction's
 * identifier are read, <b>never the query text</b>, which may hold secrets. Needs {@code
 * pg_monitor} (pg_read_all_stats) to see other users' sessions. Same on PostgreSQL 13–18.
 *
 * <p>Families (gauges; label {@code server}; 0 when there is none): {@code
 * pgvitals_oldest_transaction_age_seconds}, {@code
 * pgvitals_oldest_idle_in_transaction_age_seconds}, {@code
 * pgvitals_oldest_prepared_transaction_age_seconds}.
 *
 * @param oldestTransaction the session whose transaction started first ({@code xact_start})
 * @param oldestIdleInTransaction the session idle in a transaction for longest (since {@code
 *     state_change}, states {@code idle in transaction} and {@code … (aborted)})
 * @param oldestPrepared the oldest prepared transaction (pid 0; {@code gid} set)
 */
public record OldestTransactions(
    Optional<Session> oldestTransaction,
    Optional<Session> oldestIdleInTransaction,
    Optional<Session> oldestPrepared) {

  /** Without prepared transactions. */
  public OldestTransactions(
      Optional<Session> oldestTransaction, Optional<Session> oldestIdleInTransaction) {
    this(oldestTransaction, oldestIdleInTransaction, Optional.empty());
  }

  /**
   * One session, or a prepared transaction.
   *
   * @param pid backend pid (0 for a prepared transaction)
   * @param user {@code usename} or the prepared transaction's owner (empty when unknown)
   * @param database {@code datname} (empty when unknown)
   * @param ageSeconds age of its transaction, or how long it has been idle in it
   * @param gid the prepared transaction's identifier, empty for a session
   */
  public record Session(int pid, String user, String database, double ageSeconds, String gid) {
    public Session(int pid, String user, String database, double ageSeconds) {
      this(pid, user, database, ageSeconds, "");
    }
  }

  static String sql(int major) {
    return """
        (SELECT 'xact' AS kind, pid, '' AS gid, COALESCE(usename::text, '') AS usename,
                COALESCE(datname::text, '') AS datname,
                GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - xact_start))::float8 AS age
         FROM pg_stat_activity
         WHERE xact_start IS NOT NULL AND backend_type = 'client backend' AND pid <> pg_backend_pid()
         ORDER BY xact_start LIMIT 1)
        UNION ALL
        (SELECT 'idle' AS kind, pid, '' AS gid, COALESCE(usename::text, '') AS usename,
                COALESCE(datname::text, '') AS datname,
                GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - state_change))::float8 AS age
         FROM pg_stat_activity
         WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
           AND backend_type = 'client backend' AND pid <> pg_backend_pid()
         ORDER BY state_change LIMIT 1)
        UNION ALL
        (SELECT 'prepared' AS kind, 0 AS pid, gid::text AS gid, COALESCE(owner::text, '') AS usename,
                COALESCE(database::text, '') AS datname,
                GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - prepared))::float8 AS age
         FROM pg_prepared_xacts
         ORDER BY prepared LIMIT 1)""";
  }

  static OldestTransactions read(RowSet<Row> rows) {
    Session xact = null;
    Session idle = null;
    Session prepared = null;
    for (Row r : rows) {
      String kind = r.getString("kind");
      Session s =
          new Session(
              r.getInteger("pid"),
              r.getString("usename"),
              r.getString("datname"),
              r.getDouble("age"),
              "prepared".equals(kind) ? r.getString("gid") : "");
      switch (kind) {
        case "xact" -> xact = s;
        case "idle" -> idle = s;
        default -> prepared = s;
      }
    }
    return new OldestTransactions(
        Optional.ofNullable(xact), Optional.ofNullable(idle), Optional.ofNullable(prepared));
  }

  static void metrics(OldestTransactions t, String server, List<MetricSnapshot> out) {
    out.add(
        Family.gauge(
                "pgvitals_oldest_transaction_age_seconds",
                "Seconds since the oldest open transaction of a client session started, 0 when none is open")
            .add(t.oldestTransaction.map(Session::ageSeconds).orElse(0.0), "server", server)
            .build());
    out.add(
        Family.gauge(
                "pgvitals_oldest_idle_in_transaction_age_seconds",
                "Seconds the session longest idle in a transaction has been idle, 0 when none is")
            .add(t.oldestIdleInTransaction.map(Session::ageSeconds).orElse(0.0), "server", server)
            .build());
    out.add(
        Family.gauge(
                "pgvitals_oldest_prepared_transaction_age_seconds",
                "Seconds since the oldest prepared transaction (pg_prepared_xacts) was prepared, 0 when there is none")
            .add(t.oldestPrepared.map(Session::ageSeconds).orElse(0.0), "server", server)
            .build());
  }
}
