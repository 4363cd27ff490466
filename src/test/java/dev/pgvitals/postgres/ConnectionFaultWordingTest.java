package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * One wording per connection fault, the same on the first failure and on the repeats the reconnect
 * back-off reports, naming host and port and never the password; and a server that accepts but
 * never answers (a black hole) does not keep pgvitals' connection open.
 */
class ConnectionFaultWordingTest {

  private static final String PW = "fault-test-secret";
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static PgConnectionSettings settings(
      String hostPort, String user, String password, String db) {
    return PgConnectionSettingsResolver.fromConnInfo(
        "postgres://" + user + ":" + password + "@" + hostPort + "/" + db + "?sslmode=disable",
        "--pg-url",
        Map.of(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        w -> {});
  }

  /** The failure text of two consecutive samples (the second one is answered by the back-off). */
  private static String[] twoSamples(PgConnectionSettings s) throws Exception {
    Pool pool = PgPools.local(vertx, s);
    try {
      PgFastSampler sampler = new PgFastSampler(pool, s);
      String[] out = new String[2];
      for (int i = 0; i < 2; i++) {
        out[i] =
            sampler
                .sample()
                .transform(
                    ar -> Future.succeededFuture(ar.succeeded() ? "ok" : ar.cause().getMessage()))
                .await(30, TimeUnit.SECONDS);
      }
      return out;
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusedReadsTheSameEveryTime() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String[] why = twoSamples(settings("127.0.0.1:" + port, "pgvitals", PW, "postgres"));
    assertThat(why)
        .containsOnly("connection refused by 127.0.0.1:" + port + " (nothing listening there?)");
  }

  @Test
  void aBlackHoleTimesOutWithOneWordingAndItsConnectionIsClosed() throws Exception {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    NetServer hole =
        vertx
            .createNetServer()
            .connectHandler(
                sock -> {
                  accepted.incrementAndGet();
                  open.incrementAndGet();
                  sock.handler(b -> {}); // read, never answer
                  sock.closeHandler(v -> open.decrementAndGet());
                });
    hole.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try {
      PgConnectionSettings s =
          settings("127.0.0.1:" + hole.actualPort(), "pgvitals", PW, "postgres");
      Pool pool = PgPools.local(vertx, s);
      PgFastSampler sampler = new PgFastSampler(pool, s);
      String first =
          sampler
              .sample()
              .transform(ar -> Future.succeededFuture(ar.cause().getMessage()))
              .await(30, TimeUnit.SECONDS);
      String second =
          sampler
              .sample()
              .transform(ar -> Future.succeededFuture(ar.cause().getMessage()))
              .await(30, TimeUnit.SECONDS);
      assertThat(first)
          .isEqualTo("no answer from 127.0.0.1:" + hole.actualPort() + " within 3000 ms")
          .isEqualTo(second);
      long failed = System.nanoTime();
      assertThat(accepted.get()).isPositive();
      // the read-idle timeout (max(10 s, 2 × (connect + statement))) closes the silent connection
      Wait.until(
          "the black-holed connection is closed", Duration.ofSeconds(30), () -> open.get() == 0);
      System.err.printf(
          "[black-hole] connection closed %d ms after the sample failed (read-idle timeout %d ms)%n",
          (System.nanoTime() - failed) / 1_000_000, s.readIdleTimeout().toMillis());
      pool.close().await(10, TimeUnit.SECONDS);
    } finally {
      hole.close().await(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void authenticationDatabaseAndConnectionLimitFaults(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String at = "127.0.0.1:" + node.port();
    assertThat(twoSamples(settings(at, "pgvitals", PW, "postgres")))
        .allSatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "authentication failed for user \"pgvitals\" at " + at + " (28P01: ")
                    .doesNotContain(PW));
    assertThat(
            twoSamples(
                settings(at, PgCluster.MONITOR_USER, PgCluster.MONITOR_PASSWORD, "no_such_db")))
        .containsOnly("database \"no_such_db\" does not exist at " + at);
    node.execute("DROP ROLE IF EXISTS pgvitals_limited");
    node.execute("CREATE ROLE pgvitals_limited LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 0");
    try {
      assertThat(twoSamples(settings(at, "pgvitals_limited", "limited-pw", "postgres")))
          .containsOnly(
              "too many connections at "
                  + at
                  + " (53300: too many connections for role \"pgvitals_limited\")");
    } finally {
      node.execute("DROP ROLE IF EXISTS pgvitals_limited");
    }
  }
}
