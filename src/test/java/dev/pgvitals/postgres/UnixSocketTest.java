package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * PostgreSQL over its Unix socket, written the three libpq ways (URL {@code ?host=/dir}, {@code
 * host=/dir} conninfo, {@code PGHOST=/dir}); the port names the socket file {@code
 * .s.PGSQL.<port>}. Needs Netty's native epoll transport (a dependency); on NIO the setting is
 * refused with one line.
 */
class UnixSocketTest {

  private static Vertx epoll;
  private static Vertx nio;

  @BeforeAll
  static void start() {
    epoll = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    nio = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    epoll.close().await(10, TimeUnit.SECONDS);
    nio.close().await(10, TimeUnit.SECONDS);
  }

  private static PgConnectionSettings settings(String conninfo, Map<String, String> env) {
    return PgConnectionSettingsResolver.fromConnInfo(
        conninfo, "--pg-url", env, Duration.ofSeconds(3), Duration.ofSeconds(2), w -> {});
  }

  private static boolean overUnixSocket(PgConnectionSettings s) throws Exception {
    Pool pool = PgPools.single(epoll, s);
    try {
      return pool.query("SELECT inet_server_addr() IS NULL AS unix")
          .execute()
          .await(20, TimeUnit.SECONDS)
          .iterator()
          .next()
          .getBoolean("unix");
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void connectsOverTheSocketFileNamedByThePort(PgCluster pg) throws Exception {
    assertThat(epoll.isNativeTransportEnabled()).as("native epoll transport loaded").isTrue();
    PgNode node = pg.primary();
    String dir = node.socketDir().toString();
    String pw = PgCluster.MONITOR_PASSWORD;

    PgConnectionSettings url =
        settings(
            "postgres://pgvitals:" + pw + "@/postgres?host=" + dir + "&port=" + node.port(),
            Map.of());
    assertThat(url.unixSocket()).isTrue();
    assertThat(overUnixSocket(url)).isTrue();
    assertThat(
            overUnixSocket(
                settings(
                    "host="
                        + dir
                        + " port="
                        + node.port()
                        + " user=pgvitals dbname=postgres password="
                        + pw,
                    Map.of())))
        .isTrue();
    assertThat(
            overUnixSocket(
                settings(
                    null,
                    Map.of(
                        "PGHOST",
                        dir,
                        "PGPORT",
                        Integer.toString(node.port()),
                        "PGUSER",
                        "pgvitals",
                        "PGDATABASE",
                        "postgres",
                        "PGPASSWORD",
                        pw))))
        .isTrue();

    // a port with no socket file in that directory: one line naming the place
    PgConnectionSettings wrongPort =
        settings("host=" + dir + " port=1 user=pgvitals dbname=postgres", Map.of());
    Pool pool = PgPools.single(epoll, wrongPort);
    try {
      String why =
          pool.query("SELECT 1")
              .execute()
              .transform(
                  ar ->
                      io.vertx.core.Future.succeededFuture(
                          ar.succeeded()
                              ? "ok"
                              : PgErrorText.of(ar.cause(), Duration.ofSeconds(5), wrongPort)))
              .await(20, TimeUnit.SECONDS);
      assertThat(why)
          .isEqualTo(
              "no PostgreSQL socket "
                  + dir
                  + "/.s.PGSQL.1 (is the server running, with that "
                  + "unix_socket_directories and port?)");
      System.err.println("[unix-socket] wrong port: " + why);
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }

    assertThatThrownBy(() -> PgPools.single(nio, url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "host="
                + dir
                + " is a Unix-socket directory, which needs Netty's native epoll transport");
  }
}
