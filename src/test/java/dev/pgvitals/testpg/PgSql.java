package dev.pgvitals.testpg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
 * Blocking SQL for tests and the harness, over vertx-pg-client (the project has no JDBC driver).
 * One connection per call: robust across restarts, freezes and promotions, and cheap enough here.
 */
public final class PgSql {

    /** Default deadline for connect + statement. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private static volatile Vertx vertx;

    private PgSql() {
    }

    /** The harness's own Vert.x instance (closed by the harness's shutdown hook). */
    static Vertx vertx() {
        Vertx v = vertx;
        if (v == null) {
            synchronized (PgSql.class) {
                v = vertx;
                if (v == null) {
                    v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                            .setBlockedThreadCheckInterval(60_000));
                    vertx = v;
                }
            }
        }
        return v;
    }

    static void closeVertx() {
        Vertx v = vertx;
        vertx = null;
        if (v != null) {
            try {
                v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }
    }

    /** Runs {@code sql} (one statement or several separated by ';', simple protocol) and returns the last result's rows. */
    public static List<Map<String, Object>> query(PgConnectOptions options, String sql, Duration timeout) {
        PgConnectOptions opts = new PgConnectOptions(options); // the deadline below covers connect + query
        Future<RowSet<Row>> result = PgConnection.connect(vertx(), opts)
                .compose(conn -> conn.query(sql).execute().eventually(conn::close));
        RowSet<Row> rows;
        try {
            rows = result.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the chain above still closes the connection if the server answers later (e.g. after SIGCONT)
            throw new PgSqlException("no answer within " + timeout.toMillis() + " ms from " + where(opts) + " to: " + sql, e);
        } catch (ExecutionException e) {
            throw new PgSqlException(where(opts) + ": " + e.getCause().getMessage() + " -- in: " + sql, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgSqlException("interrupted: " + sql, e);
        }
        // multi-statement simple queries: last result set wins
        RowSet<Row> last = rows;
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

    private static String where(PgConnectOptions o) {
        return o.getUser() + "@" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    }

    /** SQL failed, timed out, or could not connect. The message never contains a password. */
    public static final class PgSqlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PgSqlException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
