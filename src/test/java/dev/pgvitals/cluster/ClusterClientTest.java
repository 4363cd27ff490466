package dev.pgvitals.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against real Vert.x HTTP servers on loopback. Deadlines are generous (30 s) except where the
 * deadline is the subject, so a loaded machine cannot turn a slow first request into a failure.
 */
@ExtendWith(VertxExtension.class)
class ClusterClientTest {
  static final Instant NOW = Instant.parse("2021-02-19T23:00:00Z");

  private Vertx vertx;
  private ClusterClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close().await(5, TimeUnit.SECONDS);
    }
  }

  private ClusterClient client(Duration deadline) {
    client = new ClusterClient(vertx, deadline, Map.of(), InetAddress::getAllByName, () -> NOW);
    return client;
  }

  private int serve(String host, Handler<HttpServerRequest> handler) throws Exception {
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setHost(host)).requestHandler(handler);
    return server.listen(0).await(5, TimeUnit.SECONDS).actualPort();
  }

  private int serve(Handler<HttpServerRequest> handler) throws Exception {
    return serve("127.0.0.1", handler);
  }

  /** Serves the sample report with the given node id at /v1/node, 404 elsewhere. */
  private static Handler<HttpServerRequest> nodeServing(String id) {
    return req -> {
      if (!req.path().equals(ClusterClient.NODE_PATH)) {
        req.response().setStatusCode(404).end();
        return;
      }
      req.response()
          .putHeader("content-type", "application/json")
          .end(report(id).toJson().encode());
    };
  }

  static NodeReport report(String id) {
    NodeReport leader = Samples.leader();
    NodeIdentity identity = leader.identity();
    return NodeReport.of(
        new NodeIdentity(
            id,
            identity.region(),
            identity.app(),
            identity.version(),
            identity.created(),
            0,
            "leader"),
        leader.checks(),
        List.of(),
        List.of());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static NodeAddress local(int port) {
    return new NodeAddress("127.0.0.1", port);
  }

  @Test
  void gathersEveryNodeInTheOrderGiven() throws Exception {
    int a = serve(nodeServing("aaaa0001"));
    int b = serve(nodeServing("bbbb0002"));
    List<NodeReport> reports =
        client(Duration.ofSeconds(30))
            .gather(List.of(local(b), local(a)))
            .await(60, TimeUnit.SECONDS);
    assertThat(reports).containsExactly(report("bbbb0002"), report("aaaa0001"));
  }

  @Test
  void closedPortBecomesAnUnreachableReportWithTheReason() throws Exception {
    int good = serve(nodeServing("aaaa0001"));
    int closed = closedPort();
    List<NodeReport> reports =
        client(Duration.ofSeconds(30))
            .gather(List.of(local(closed), local(good)))
            .await(60, TimeUnit.SECONDS);
    NodeReport down = reports.get(0);
    assertThat(down.reachable()).isFalse();
    assertThat(down.identity().id()).isEqualTo("127.0.0.1:" + closed);
    assertThat(down.unreachable()).containsIgnoringCase("connection refused").doesNotContain("\n");
    assertThat(down.checks()).extracting(CheckReport::status).containsOnly(CheckStatus.CRITICAL);
    assertThat(down.checks()).extracting(CheckReport::changed).containsOnly(NOW);
    assertThat(reports.get(1)).isEqualTo(report("aaaa0001"));
  }

  @Test
  void serverThatNeverAnswersIsCutOffAtTheDeadline() throws Exception {
    int silent =
        serve(
            req -> {
              /* accept the request and never respond */
            });
    int good = serve(nodeServing("aaaa0001"));
    // Warm up (class loading of the first request) so the good node's answer is not what the
    // short deadline measures.
    ClusterClient warm = client(Duration.ofSeconds(30));
    assertThat(warm.fetch(local(good)).await(60, TimeUnit.SECONDS).reachable()).isTrue();
    warm.close().await(5, TimeUnit.SECONDS);
    List<NodeReport> reports =
        client(Duration.ofMillis(1000))
            .gather(List.of(local(silent), local(good)))
            .await(60, TimeUnit.SECONDS);
    assertThat(reports.get(0).unreachable()).isEqualTo("no answer within 1000 ms");
    assertThat(reports.get(1).reachable()).isTrue();
  }

  @Test
  void nodesAreQueriedConcurrently() throws Exception {
    // Each server answers only once both have received their request. Queried one after the
    // other, the first would wait in vain until its deadline and be reported unreachable.
    List<HttpServerRequest> waiting = new ArrayList<>();
    Handler<HttpServerRequest> barrier =
        req -> {
          List<HttpServerRequest> release = List.of();
          synchronized (waiting) {
            waiting.add(req);
            if (waiting.size() == 2) {
              release = List.copyOf(waiting);
            }
          }
          for (HttpServerRequest r : release) {
            r.response().end(report("id" + r.localAddress().port()).toJson().encode());
          }
        };
    int a = serve(barrier);
    int b = serve(barrier);
    List<NodeReport> reports =
        client(Duration.ofSeconds(30))
            .gather(List.of(local(a), local(b)))
            .await(60, TimeUnit.SECONDS);
    assertThat(reports).extracting(r -> r.identity().id()).containsExactly("id" + a, "id" + b);
  }

  @Test
  void httpErrorsAndInvalidDocumentsBecomeUnreachableReports() throws Exception {
    int failing = serve(req -> req.response().setStatusCode(500).end("boom"));
    int notAReport = serve(req -> req.response().end("{\"hello\": 1}"));
    int notJson = serve(req -> req.response().end("<html>"));
    List<NodeReport> reports =
        client(Duration.ofSeconds(30))
            .gather(List.of(local(failing), local(notAReport), local(notJson)))
            .await(60, TimeUnit.SECONDS);
    assertThat(reports.get(0).unreachable()).isEqualTo("HTTP 500 Internal Server Error");
    assertThat(reports.get(1).unreachable()).isEqualTo("invalid node report: node: missing");
    // Jackson's own wording follows; only its presence on one line is ours.
    assertThat(reports.get(2).unreachable())
        .startsWith("response: not valid JSON (Unexpected character ('<'")
        .doesNotContain("\n");
  }

  @Test
  void anOversizedAnswerIsCutOffWhileItStreamsAndNamesTheCap() throws Exception {
    Buffer big = Buffer.buffer(new byte[ClusterClient.MAX_BODY_BYTES + 1]);
    int declared = serve(req -> req.response().end(big));
    int chunked =
        serve(
            req -> {
              req.response().setChunked(true);
              req.response().write(big.slice(0, ClusterClient.MAX_BODY_BYTES / 2));
              req.response().end(big.slice(ClusterClient.MAX_BODY_BYTES / 2, big.length()));
            });
    List<NodeReport> reports =
        client(Duration.ofSeconds(30))
            .gather(List.of(local(declared), local(chunked)))
            .await(60, TimeUnit.SECONDS);
    assertThat(reports.get(0).unreachable())
        .isEqualTo(
            "answer of "
                + (ClusterClient.MAX_BODY_BYTES + 1)
                + " bytes exceeds "
                + ClusterClient.MAX_BODY_BYTES);
    assertThat(reports.get(1).unreachable())
        .isEqualTo("answer exceeds " + ClusterClient.MAX_BODY_BYTES + " bytes");
  }

  @Test
  void dnsNameResolvingToSeveralAddressesGathersEachSortedById() throws Exception {
    // Both loopback addresses reach the one server; it answers with an id per local address.
    int port =
        serve(
            "0.0.0.0",
            req -> {
              String id = req.localAddress().host().equals("127.0.0.2") ? "aaaa0002" : "ffff0001";
              req.response().end(report(id).toJson().encode());
            });
    ClusterClient.Resolver dns =
        name -> {
          if (!name.equals("pg-app.internal")) {
            throw new UnknownHostException(name);
          }
          return new InetAddress[] {
            InetAddress.getByName("127.0.0.1"),
            InetAddress.getByName("127.0.0.2"),
            InetAddress.getByName("127.0.0.1")
          };
        };
    client = new ClusterClient(vertx, Duration.ofSeconds(30), Map.of(), dns, () -> NOW);
    assertThat(client.resolve("pg-app.internal", port).await(60, TimeUnit.SECONDS))
        .containsExactly(new NodeAddress("127.0.0.1", port), new NodeAddress("127.0.0.2", port));
    List<NodeReport> reports =
        new java.util.ArrayList<>(
            client
                .resolve("pg-app.internal", port)
                .compose(client::gather)
                .await(60, TimeUnit.SECONDS));
    reports.sort(NodeReport.BY_ID);
    assertThat(reports).extracting(r -> r.identity().id()).containsExactly("aaaa0002", "ffff0001");
  }

  @Test
  void unresolvableNameFailsWithOneLine() throws Exception {
    ClusterClient.Resolver dns =
        name -> {
          throw new UnknownHostException(name + ": Name or service not known");
        };
    client = new ClusterClient(vertx, Duration.ofSeconds(30), Map.of(), dns, () -> NOW);
    Throwable t =
        catchThrowable(() -> client.resolve("nope.internal", 5500).await(60, TimeUnit.SECONDS));
    assertThat(t)
        .hasMessage("cannot resolve nope.internal: nope.internal: Name or service not known");
  }

  @Test
  void configuredHeadersAreSentForAuthenticatedEndpoints() throws Exception {
    int port =
        serve(
            req -> {
              if ("Bearer s3cret".equals(req.getHeader("Authorization"))) {
                req.response()
                    .end(
                        UserInfo.toJson(
                                List.of(new UserInfo("postgres", true, List.of("postgres"))))
                            .encode());
              } else {
                req.response().setStatusCode(401).end();
              }
            });
    ClusterClient anonymous = client(Duration.ofSeconds(30));
    Throwable t =
        catchThrowable(
            () -> anonymous.getJson(local(port), "/v1/users").await(60, TimeUnit.SECONDS));
    assertThat(t).hasMessage("HTTP 401 Unauthorized");
    anonymous.close().await(5, TimeUnit.SECONDS);

    client =
        new ClusterClient(
            vertx,
            Duration.ofSeconds(30),
            Map.of("Authorization", "Bearer s3cret"),
            InetAddress::getAllByName,
            () -> NOW);
    String body = client.getJson(local(port), "/v1/users").await(60, TimeUnit.SECONDS).encode();
    assertThat(UserInfo.parseList(body))
        .containsExactly(new UserInfo("postgres", true, List.of("postgres")));
  }
}
