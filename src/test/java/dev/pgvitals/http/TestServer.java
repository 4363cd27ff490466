package dev.pgvitals.http;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.metrics.Metrics;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link HttpApi} on a loopback port with its own Vert.x (one event loop, as the agent
 * runs), {@code /liveness} and {@code /metrics}; and a raw-socket HTTP/1.1 client that sends
 * exactly the bytes a test gives.
 */
final class TestServer implements AutoCloseable {

  final Vertx vertx;
  final Metrics metrics = new Metrics();
  final HttpApi api;

  TestServer(ServerSettings settings) throws Exception {
    vertx =
        Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    api =
        new HttpApi(
            new ListenAddress("127.0.0.1", 0),
            settings,
            metrics,
            List.of(),
            CheckFormat.SEED,
            Clock.systemUTC());
    api.route(
        "/liveness", "200 while the agent runs", req -> HttpApi.Response.text(200, "alive\n"));
    api.route("/v1/users", "users", req -> HttpApi.Response.text(200, "{}\n"));
    vertx.deployVerticle(api).await(20, TimeUnit.SECONDS);
  }

  int port() {
    return api.actualPort();
  }

  /**
   * The value of an unlabelled sample (or one whose labels are given as {@code {a="b"}}) in
   * /metrics.
   */
  double metric(String nameAndLabels) {
    for (String line : metrics.scrape(Metrics.TEXT_004).split("\n")) {
      if (line.startsWith(nameAndLabels + " ")) {
        return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
      }
    }
    throw new AssertionError(nameAndLabels + " not in /metrics");
  }

  /**
   * A status line and body from one raw request on a new connection (read to EOF or
   * Content-Length).
   */
  String raw(String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readResponse(s.getInputStream());
    }
  }

  /** Reads one response: head, then Content-Length bytes of body (or to EOF). */
  static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    int length = -1;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
    return head + new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    metrics.close();
  }
}
