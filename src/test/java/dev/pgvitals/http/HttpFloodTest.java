package dev.pgvitals.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.testpg.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Floods a real server on loopback, bounded in count and time: thousands of idle connections
 * against a small limit, keep-alive connections left idle, and slowloris connections that trickle
 * header bytes. After each, a fresh request must be answered, and the agent must have closed what
 * it says it closed ({@code pgvitals_http_connections_closed_total}).
 */
class HttpFloodTest {

  private static final int CAP = 100;
  private static final String LIVENESS = "GET /liveness HTTP/1.1\r\nHost: t\r\n\r\n";

  private static ServerSettings settings(Duration header, Duration idle) {
    return ServerSettings.DEFAULTS.withLimits(
        HttpLimits.DEFAULTS.withMaxConnections(CAP).withTimeouts(header, idle));
  }

  @Test
  void threeThousandIdleConnectionsDoNotKeepOutAHealthCheck() throws Exception {
    List<Socket> flood = new ArrayList<>();
    try (TestServer server =
        new TestServer(settings(Duration.ofSeconds(30), Duration.ofSeconds(30)))) {
      try {
        for (int i = 0; i < 3000; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
          flood.add(s); // connected, sends nothing
        }
        Wait.until(
            "the server to have seen the flood",
            Duration.ofSeconds(30),
            () -> server.metric("pgvitals_http_connections_accepted_total") >= 3000);
        assertThat(server.metric("pgvitals_http_connections_open")).isLessThanOrEqualTo(CAP);

        assertThat(server.raw(LIVENESS)).startsWith("HTTP/1.1 200 OK").endsWith("alive\n");
        assertThat(server.metric("pgvitals_http_connections_closed_total{reason=\"evicted\"}"))
            .isGreaterThanOrEqualTo(3000 - CAP);
      } finally {
        for (Socket s : flood) {
          s.close();
        }
      }
      // once the flood is gone, nothing of it stays open
      Wait.until(
          "the flood's connections to be closed",
          Duration.ofSeconds(20),
          () -> server.metric("pgvitals_http_connections_open") == 0);
      assertThat(server.raw(LIVENESS)).startsWith("HTTP/1.1 200 OK");
    }
  }

  @Test
  void slowlorisConnectionsAreClosedByTheHeaderTimeoutWhileTrickling() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try (TestServer server =
        new TestServer(settings(Duration.ofSeconds(1), Duration.ofSeconds(30)))) {
      try {
        for (int i = 0; i < CAP; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
          s.getOutputStream()
              .write("GET /liveness HTTP/1.1\r\nHost: t\r\n".getBytes(StandardCharsets.US_ASCII));
          s.setSoTimeout(1);
          slow.add(s);
        }
        // keep trickling a header line into every connection until the server has closed them all
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int open = slow.size();
        while (open > 0 && System.nanoTime() < deadline) {
          open = 0;
          for (Socket s : slow) {
            if (!s.isInputShutdown() && !closedByPeer(s)) {
              try {
                s.getOutputStream().write("X-a: b\r\n".getBytes(StandardCharsets.US_ASCII));
                open++;
              } catch (IOException reset) {
                s.shutdownInput();
              }
            }
          }
        }
        assertThat(open).as("slowloris connections still open after 20 s").isZero();
        assertThat(
                server.metric("pgvitals_http_connections_closed_total{reason=\"header_timeout\"}"))
            .isEqualTo(CAP);
        assertThat(server.raw(LIVENESS)).startsWith("HTTP/1.1 200 OK");
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void keepAliveConnectionsIdleTooLongAreClosed() throws Exception {
    try (TestServer server =
            new TestServer(settings(Duration.ofSeconds(30), Duration.ofMillis(500)));
        Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(20_000);
      s.getOutputStream().write(LIVENESS.getBytes(StandardCharsets.US_ASCII));
      assertThat(TestServer.readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
      // the next read returns end-of-stream once the server closes the idle connection
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      assertThat(server.metric("pgvitals_http_connections_closed_total{reason=\"idle_timeout\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void keepAliveFloodEvictsTheIdlestAndServesTheNewest() throws Exception {
    List<Socket> clients = new ArrayList<>();
    try (TestServer server =
        new TestServer(settings(Duration.ofSeconds(30), Duration.ofSeconds(30)))) {
      try {
        for (int i = 0; i < 3 * CAP; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
          s.setSoTimeout(10_000);
          s.getOutputStream().write(LIVENESS.getBytes(StandardCharsets.US_ASCII));
          assertThat(TestServer.readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
          clients.add(s);
        }
        assertThat(server.metric("pgvitals_http_connections_open")).isLessThanOrEqualTo(CAP);
        assertThat(server.metric("pgvitals_http_connections_closed_total{reason=\"evicted\"}"))
            .isEqualTo(2 * CAP);
        // the newest keep-alive connection is still open and answers again
        Socket newest = clients.get(clients.size() - 1);
        newest.getOutputStream().write(LIVENESS.getBytes(StandardCharsets.US_ASCII));
        assertThat(TestServer.readResponse(newest.getInputStream())).startsWith("HTTP/1.1 200 OK");
        // the oldest was closed for it
        assertThat(clients.get(0).getInputStream().read()).isEqualTo(-1);
      } finally {
        for (Socket s : clients) {
          s.close();
        }
      }
    }
  }

  /**
   * True when the peer closed: a read returns end-of-stream (or reset); false when nothing arrived
   * yet.
   */
  private static boolean closedByPeer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      int b = in.read();
      if (b < 0) {
        s.shutdownInput();
        return true;
      }
      return false; // the server does not answer a request it has not got
    } catch (SocketTimeoutException nothingYet) {
      return false;
    } catch (IOException reset) {
      s.shutdownInput();
      return true;
    }
  }
}
