package dev.pgvitals.testpg;

import dev.pgvitals.localpg.BlockingSql;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Blocking SQL for tests and the harness: main code's {@link BlockingSql} on the harness's own
 * Vert.x instance.
 */
public final class PgSql {

  /** Default deadline for connect + statement. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private static volatile Vertx vertx;

  private PgSql() {}

  /** The harness's own Vert.x instance (closed by the harness's shutdown hook). */
  static Vertx vertx() {
    Vertx v = vertx;
    if (v == null) {
      synchronized (PgSql.class) {
        v = vertx;
        if (v == null) {
          v =
              Vertx.vertx(
                  new VertxOptions()
                      .setEventLoopPoolSize(1)
                      .setWorkerPoolSize(2)
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

  /**
   * Runs {@code sql} (one statement or several separated by ';', simple protocol) and returns the
   * last result's rows.
   */
  public static List<Map<String, Object>> query(
      PgConnectOptions options, String sql, Duration timeout) {
    try {
      return BlockingSql.query(vertx(), options, sql, timeout);
    } catch (BlockingSql.SqlException e) {
      throw new PgSqlException(e.getMessage(), e.getCause());
    }
  }

  /** SQL failed, timed out, or could not connect. The message never contains a password. */
  public static final class PgSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PgSqlException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
