package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reachability probe against real sockets, and which failures count as "unreachable". */
class ReachabilityProbeTest {

  static Vertx vertx;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static boolean probe(String host, int port) throws Exception {
    return ReachabilityProbe.of(vertx, host, port, Duration.ofSeconds(1))
        .reachable()
        .await(5, TimeUnit.SECONDS);
  }

  @Test
  void aListeningPortIsReachableAndAClosedOneIsNot() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
      assertThat(probe("127.0.0.1", port)).isTrue();
    }
    assertThat(probe("127.0.0.1", port)).isFalse();
  }

  @Test
  void aUnixSocketIsReachableWhileItsFileExists(@TempDir Path dir) throws Exception {
    assertThat(probe(dir.toString(), 5432)).isFalse();
    Files.createFile(dir.resolve(".s.PGSQL.5432"));
    assertThat(probe(dir.toString(), 5432)).isTrue();
  }

  @Test
  void onlyFailuresOfAServerThatIsDownOrNotAcceptingCountAsUnreachable() {
    assertThat(ReachabilityProbe.isUnreachable(new ConnectException("Connection refused")))
        .isTrue();
    assertThat(ReachabilityProbe.isUnreachable(new ConnectTimeoutException("connection timed out")))
        .isTrue();
    assertThat(
            ReachabilityProbe.isUnreachable(new RuntimeException(new ConnectException("wrapped"))))
        .isTrue();
    assertThat(
            ReachabilityProbe.isUnreachable(
                new PgException("the database system is starting up", "FATAL", "57P03", null)))
        .isTrue();
    assertThat(
            ReachabilityProbe.isUnreachable(
                new PgException(
                    "terminating connection due to administrator command", "FATAL", "57P01", null)))
        .isTrue();
    // the server answered: the whole back-off applies
    assertThat(
            ReachabilityProbe.isUnreachable(
                new PgException(
                    "password authentication failed for user \"pgvitals\"",
                    "FATAL",
                    "28P01",
                    null)))
        .isFalse();
    assertThat(
            ReachabilityProbe.isUnreachable(
                new PgException("sorry, too many clients already", "FATAL", "53300", null)))
        .isFalse();
    assertThat(ReachabilityProbe.isUnreachable(new TimeoutException())).isFalse();
    assertThat(ReachabilityProbe.isUnreachable(null)).isFalse();
  }
}
