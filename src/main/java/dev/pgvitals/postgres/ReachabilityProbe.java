package dev.pgvitals.postgres;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Whether the local PostgreSQL accepts connections again, asked without talking to it: a TCP
 * connect that is closed at once (for a Unix socket, whether its socket file exists). PostgreSQL
 * forks nothing for it and, since 13, logs nothing for a connection that sends no bytes.
 *
 * <p>Used while the fast sampler's {@link ReconnectBackoff} window is open after the server was
 * <em>unreachable</em> ({@link #isUnreachable}): every interval one probe instead of one connection
 * attempt, and the first probe that connects cuts the window short, so the routing endpoints
 * recover within one fast interval of PostgreSQL accepting connections whatever the outage length,
 * while a server that is down gets no connection storm. Failures where the server answered (a
 * password refused, too many connections, a hung server holding the socket) keep the whole
 * back-off: a probe that connects proves nothing about them.
 */
public final class ReachabilityProbe {

  /**
   * SQLSTATEs of a server that is starting up, shutting down or gone: "not accepting connections".
   */
  private static final Set<String> NOT_ACCEPTING =
      Set.of(
          "57P01", // admin_shutdown: terminating connection due to administrator command
          "57P02", // crash_shutdown
          "57P03"); // cannot_connect_now: the database system is starting up / shutting down / in

  // recovery

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final NetClient client;
  private final Duration timeout;

  private ReachabilityProbe(Vertx vertx, String host, int port, Duration timeout) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    this.client =
        host.startsWith("/")
            ? null
            : vertx.createNetClient(
                new NetClientOptions().setConnectTimeout((int) Math.max(1, timeout.toMillis())));
  }

  /** A probe of the node {@code settings} name; one connect timeout of at most 1 s. */
  public static ReachabilityProbe of(Vertx vertx, PgConnectionSettings settings) {
    Duration t =
        settings.connectTimeout().compareTo(Duration.ofSeconds(1)) < 0
            ? settings.connectTimeout()
            : Duration.ofSeconds(1);
    return of(vertx, settings.host(), settings.port(), t);
  }

  /** A probe of {@code host:port} (a host starting with {@code /} is a Unix-socket directory). */
  static ReachabilityProbe of(Vertx vertx, String host, int port, Duration timeout) {
    return new ReachabilityProbe(vertx, host, port, timeout);
  }

  /** True when a TCP connection to the server opens (or its Unix socket exists); never fails. */
  public Future<Boolean> reachable() {
    if (client == null) {
      String socket = Path.of(host, ".s.PGSQL." + port).toString();
      return vertx.fileSystem().exists(socket).otherwise(false);
    }
    return client
        .connect(
            new ConnectOptions()
                .setHost(host)
                .setPort(port)
                .setTimeout((int) Math.max(1, timeout.toMillis())))
        .compose(socket -> socket.close().otherwise((Void) null).map(true))
        .otherwise(false);
  }

  /**
   * True when {@code failure} says the server could not be reached or was not accepting connections
   * (refused, no route, connect timeout, starting up, shutting down, connection closed by a
   * shutdown), as opposed to a server that answered with an error.
   */
  public static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof ConnectTimeoutException
          || t instanceof NoRouteToHostException
          || t instanceof PortUnreachableException
          || t instanceof ClosedConnectionException) {
        return true;
      }
      if (t instanceof PgException pg
          && pg.getSqlState() != null
          && NOT_ACCEPTING.contains(pg.getSqlState())) {
        return true;
      }
    }
    return false;
  }
}
