package dev.pgvitals.postgres;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * Builds the small connection pools pgvitals uses. Bounded on every side so a hung server never
 * piles up waiters or connections:
 *
 * <ul>
 *   <li>{@code maxSize} 2 for the local node (the fast sampler and the statistics samplers share
 *       it; each sampler runs one sample at a time), 1 for the leader;
 *   <li>{@code maxWaitQueueSize} = maxSize: a third waiter is refused at once instead of queueing;
 *   <li>acquire timeout ({@code connectionTimeout}) = the connect timeout;
 *   <li>idle connections are closed after 8 s (the 5 s samplers keep theirs warm), and a socket
 *       that hears nothing for {@link PgConnectionSettings#readIdleTimeout()} is closed (a
 *       SIGSTOPped server frees its slot).
 * </ul>
 *
 * The pools are built on {@link GuardedPgDriver}: without it the socket options above would not
 * apply (vertx-pg-client 5.0.7 drops them), and {@code channel_binding} / {@code require_auth}
 * would not be enforced.
 *
 * <p>Reconnecting needs nothing special: a broken connection leaves the pool and the next acquire
 * opens a new one. The samplers' {@link ReconnectBackoff} spaces out those attempts.
 */
public final class PgPools {

  /** Local pool size: fast sampler + one statistics sampler at a time. */
  public static final int LOCAL_MAX_SIZE = 2;

  private PgPools() {}

  /** The pool for the local node. */
  public static Pool local(Vertx vertx, PgConnectionSettings settings) {
    return build(vertx, settings, LOCAL_MAX_SIZE);
  }

  /** A one-connection pool for a remote node (leader, peer probe). */
  public static Pool single(Vertx vertx, PgConnectionSettings settings) {
    return build(vertx, settings, 1);
  }

  static Pool build(Vertx vertx, PgConnectionSettings settings, int maxSize) {
    if (settings.unixSocket() && !vertx.isNativeTransportEnabled()) {
      Throwable why = vertx.unavailableNativeTransportCause();
      throw new IllegalArgumentException(
          "host="
              + settings.host()
              + " is a Unix-socket directory, which "
              + "needs Netty's native epoll transport, unavailable here"
              + (why == null ? "" : " (" + dev.pgvitals.sample.ErrorSummary.of(why) + ")")
              + "; connect over TCP (host=127.0.0.1) instead");
    }
    PoolOptions pool =
        new PoolOptions()
            .setMaxSize(maxSize)
            .setMaxWaitQueueSize(maxSize)
            .setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toMillis()))
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setIdleTimeout(8)
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setPoolCleanerPeriod(1000);
    // our driver: applies netClientOptions (which 5.0.7's own drops) and guards authentication
    return ClientBuilder.pool(new GuardedPgDriver(settings.netClientOptions(), settings.auth()))
        .with(pool)
        .with(settings.netClientOptions())
        .connectingTo(settings.toConnectOptions())
        .using(vertx)
        .build();
  }
}
