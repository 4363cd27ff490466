package dev.pgvitals.postgres;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.impl.PgConnectionFactory;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.spi.ConnectionFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * vertx-pg-client's driver with two things it lacks in 5.0.7, for one pool's settings:
 *
 * <ol>
 *   <li><b>Our socket options are applied.</b> 5.0.7's {@code PgDriver.createConnectionFactory}
 *       drops the {@link NetClientOptions} a pool is built with
 *       (eclipse-vertx/vertx-sql-client#1608, fixed upstream after 5.0.7), so connect timeout, TCP
 *       keepalive and the read-idle timeout that closes a connection to a server that went silent
 *       were never in force: connections to a black-holing server stayed open. Here the factory's
 *       TCP client is created with {@link PgConnectionSettings#netClientOptions()}.
 *   <li><b>{@link AuthGuard} on every connection</b>, enforcing {@code channel_binding} and {@code
 *       require_auth} ({@link AuthPolicy}) before the driver answers an authentication request, and
 *       handing the driver the cause of a failed TLS handshake.
 * </ol>
 *
 * The factory reaches its TCP client only through {@code VertxInternal.createNetClient}; the
 * factory is given a view of Vert.x that answers that one call with a client of our options whose
 * sockets get the guard, and passes every other call to the real instance. Remove this class when
 * the Vert.x BOM moves to a vertx-sql-client with the fix and an authentication hook.
 */
final class GuardedPgDriver extends PgDriver {

  private final NetClientOptions tcp;
  private final AuthPolicy policy;

  GuardedPgDriver(NetClientOptions tcp, AuthPolicy policy) {
    this.tcp = new NetClientOptions(tcp).setReconnectAttempts(0);
    this.policy = policy;
  }

  @Override
  public ConnectionFactory<PgConnectOptions> createConnectionFactory(
      Vertx vertx, NetClientOptions ignored) {
    VertxInternal real = (VertxInternal) vertx;
    VertxInternal view =
        (VertxInternal)
            Proxy.newProxyInstance(
                GuardedPgDriver.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("createNetClient")
                      && args != null
                      && args.length == 1
                      && args[0] instanceof NetClientOptions) {
                    return guarded(real.createNetClient(tcp));
                  }
                  return invoke(real, method, args);
                });
    return new PgConnectionFactory(view);
  }

  /** A client whose connected sockets carry the guard. */
  private NetClient guarded(NetClient client) {
    InvocationHandler h =
        (proxy, method, args) -> {
          Object result = invoke(client, method, args);
          if (method.getName().equals("connect") && result instanceof Future<?> f) {
            @SuppressWarnings("unchecked")
            Future<NetSocket> sockets = (Future<NetSocket>) f;
            return sockets.map(this::install);
          }
          return result;
        };
    return (NetClient)
        Proxy.newProxyInstance(
            GuardedPgDriver.class.getClassLoader(), new Class<?>[] {NetClient.class}, h);
  }

  private NetSocket install(NetSocket socket) {
    if (!(socket instanceof NetSocketInternal s)) {
      if (policy.isDefault()) {
        return socket;
      }
      socket.close(); // never connect unguarded when a policy is asked for
      throw new IllegalStateException("cannot enforce channel_binding/require_auth on this socket");
    }
    ChannelPipeline p = s.channelHandlerContext().pipeline();
    // before the driver's codec (added later, also before "handler"), after TLS (added first)
    p.addBefore("handler", AuthGuard.NAME, new AuthGuard(policy));
    return socket;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
