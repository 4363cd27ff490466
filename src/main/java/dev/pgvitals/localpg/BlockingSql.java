package dev.pgvitals.localpg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking SQL over vertx-pg-client for setting up servers (the project has no JDBC driver). One
 * connection per call: robust across restarts, freezes and promotions, and cheap enough here. Never
 * call it from an event-loop thread.
 */
public final class BlockingSql {

  private BlockingSql() {}

  private static final java.util.regex.Pattern PASSWORD =
      java.util.regex.Pattern.compile("(?i)(password\\s*)'(?:[^']|'')*'");

  /** {@code text} with every {@code PASSWORD '…'} literal masked (SQL text, server log lines). */
  public static String redact(String text) {
    return text == null ? null : PASSWORD.matcher(text).replaceAll("$1'…'");
  }

  /**
   * Runs {@code sql} (one statement or several separated by ';', simple protocol) and returns the
   * last result's rows; the deadline covers connect and query.
   *
   * @throws SqlException (never containing a password) when it fails or takes too long
   */
  public static List<Map<String, Object>> query(
      Vertx vertx, PgConnectOptions options, String sql, Duration timeout) {
    PgConnectOptions opts = new PgConnectOptions(options);
    Future<RowSet<Row>> result =
        PgConnection.connect(vertx, opts)
            .compose(conn -> conn.query(sql).execute().eventually(conn::close));
    RowSet<Row> rows;
    try {
      rows =
          result
              .toCompletionStage()
              .toCompletableFuture()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // the chain above still closes the connection if the server answers later (e.g. after
      // SIGCONT)
      throw new SqlException(
          "no answer within "
              + timeout.toMillis()
              + " ms from "
              + where(opts)
              + " to: "
              + redact(sql),
          e);
    } catch (ExecutionException e) {
      throw new SqlException(
          where(opts) + ": " + redact(e.getCause().getMessage()) + " -- in: " + redact(sql),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlException("interrupted: " + redact(sql), e);
    }
    RowSet<Row> last = rows; // multi-statement simple queries: last result set wins
    for (RowSet<Row> next = rows.next(); next != null; next = next.next()) {
      last = next;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row row : last) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < row.size(); i++) {
        m.put(row.getColumnName(i), row.getValue(i));
      }
      out.add(Collections.unmodifiableMap(m));
    }
    return Collections.unmodifiableList(out);
  }

  /** First column of the first row as text ({@code null} for no row or SQL NULL). */
  public static String queryString(
      Vertx vertx, PgConnectOptions options, String sql, Duration timeout) {
    List<Map<String, Object>> rows = query(vertx, options, sql, timeout);
    if (rows.isEmpty()) {
      return null;
    }
    Object v = rows.get(0).values().iterator().next();
    return v == null ? null : v.toString();
  }

  private static String where(PgConnectOptions o) {
    return o.getUser() + "@" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  /** SQL failed, timed out, or could not connect. The message never contains a password. */
  public static final class SqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
