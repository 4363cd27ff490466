package dev.pgvitals.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side against a real (in-process) HTTP server playing the store: the request it makes,
 * and one line, without credentials, for each way the store can fail.
 */
class PrometheusClientTest {

  static final Instant T = Instant.parse("2021-02-19T22:55:47.250Z");
  static final String VECTOR =
      """
      {"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"a:1"},"value":[1,"1"]}]}}""";

  static Vertx vertx;
  static HttpServer server;
  static final AtomicReference<Consumer<HttpServerRequest>> HANDLER = new AtomicReference<>();
  static final AtomicReference<HttpServerRequest> LAST = new AtomicReference<>();

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  LAST.set(req);
                  HANDLER.get().accept(req);
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  static List<PromSeries> query(String url, Optional<String> token, Duration deadline)
      throws Exception {
    PrometheusClient client =
        new PrometheusClient(vertx, url, token, deadline, new HttpClientOptions());
    try {
      return client.query("up", T).await(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  static List<PromSeries> query(String url) throws Exception {
    return query(url, Optional.empty(), Duration.ofSeconds(2));
  }

  @Test
  void getsTheInstantQueryBelowTheBasePathAtTheGivenTime() throws Exception {
    HANDLER.set(req -> req.response().putHeader("Content-Type", "application/json").end(VECTOR));
    List<PromSeries> series =
        query(base() + "/prometheus/", Optional.of("tok"), Duration.ofSeconds(2));
    assertThat(series)
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("instance", "a:1"));
    assertThat(LAST.get().path()).isEqualTo("/prometheus/api/v1/query");
    assertThat(LAST.get().getParam("query")).isEqualTo("up");
    assertThat(LAST.get().getParam("time")).isEqualTo("1613775347.250");
    assertThat(LAST.get().getHeader("Authorization")).isEqualTo("Bearer tok");
  }

  @Test
  void userInfoIsSentAsBasicAuthAndNeverShown() throws Exception {
    HANDLER.set(req -> req.response().setStatusCode(401).end("unauthorized"));
    String url = "http://admin:s3cr%40t@127.0.0.1:" + server.actualPort();
    assertThatThrownBy(() -> query(url, Optional.of("tok"), Duration.ofSeconds(2)))
        .hasMessage("Prometheus at " + base() + ": HTTP 401 Unauthorized")
        .message()
        .doesNotContain("s3cr")
        .doesNotContain("admin");
    assertThat(LAST.get().getHeader("Authorization"))
        .isEqualTo("Basic YWRtaW46czNjckB0"); // admin:s3cr@t
  }

  @Test
  void aQueryErrorShowsTheStoresReason() {
    HANDLER.set(
        req ->
            req.response()
                .setStatusCode(400)
                .putHeader("Content-Type", "application/json")
                .end(
                    "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:3: parse error: unexpected end of input\"}"));
    assertThatThrownBy(() -> query(base()))
        .hasMessage(
            "Prometheus at "
                + base()
                + ": HTTP 400: query failed: bad_data: 1:3: parse error: unexpected end of input");
  }

  @Test
  void aProxyErrorPageIsTheStatusLine() {
    HANDLER.set(
        req ->
            req.response()
                .setStatusCode(502)
                .setStatusMessage("Bad Gateway")
                .end("<html>502</html>"));
    assertThatThrownBy(() -> query(base()))
        .hasMessage("Prometheus at " + base() + ": HTTP 502 Bad Gateway");
  }

  @Test
  void notJsonIsAnInvalidAnswer() {
    HANDLER.set(req -> req.response().end("<html>login</html>"));
    assertThatThrownBy(() -> query(base()))
        .hasMessage("Prometheus at " + base() + ": invalid answer: not a JSON object");
  }

  @Test
  void anAnswerOverTheCapIsRefused() {
    HANDLER.set(
        req ->
            req.response().setChunked(true).end("x".repeat(PrometheusClient.MAX_BODY_BYTES + 1)));
    assertThatThrownBy(() -> query(base()))
        .hasMessage(
            "Prometheus at "
                + base()
                + ": answer exceeds "
                + PrometheusClient.MAX_BODY_BYTES
                + " bytes");
  }

  @Test
  void aSilentStoreFailsAtTheDeadline() {
    HANDLER.set(req -> {}); // never answers
    long start = System.nanoTime();
    assertThatThrownBy(() -> query(base(), Optional.empty(), Duration.ofMillis(300)))
        .hasMessage("Prometheus at " + base() + ": no answer within 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aClosedPortIsOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> query("http://127.0.0.1:" + port))
        .hasMessageStartingWith("Prometheus at http://127.0.0.1:" + port + ": Connection refused")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void unusableUrlsAreRefusedBeforeAnyRequest() {
    for (String url :
        List.of("prometheus:9090", "ftp://x", "http://x/?a=b", "http://", "h ttp://x")) {
      assertThatThrownBy(
              () ->
                  new PrometheusClient(
                      vertx, url, Optional.empty(), Duration.ofSeconds(1), new HttpClientOptions()))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--prometheus: ");
    }
  }
}
