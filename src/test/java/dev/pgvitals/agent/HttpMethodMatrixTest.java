package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every method against every endpoint of a running (host-only) agent: health and routing endpoints
 * answer GET, HEAD and OPTIONS alike (HEAD and OPTIONS without a body, as Patroni does for
 * HAProxy), {@code /flycheck/*} answers every method (as the reference's Go handlers did),
 * documents answer GET and HEAD, and everything else is 405 with an {@code Allow} header.
 */
class HttpMethodMatrixTest {

  static final List<String> ROUTING =
      List.of(
          "/",
          "/primary",
          "/master",
          "/leader",
          "/read-write",
          "/standby-leader",
          "/standby_leader",
          "/replica",
          "/read-only",
          "/sync",
          "/synchronous",
          "/quorum",
          "/async",
          "/asynchronous",
          "/read-only-sync",
          "/read-only-synchronous",
          "/read-only-quorum",
          "/health",
          "/readiness",
          "/liveness");
  static final List<String> FLYCHECK = List.of("/flycheck/vm", "/flycheck/pg", "/flycheck/role");
  static final List<String> DOCUMENTS =
      List.of("/metrics", "/v1/node", "/v1/users", "/v1/databases");
  static final List<String> OTHER_METHODS = List.of("POST", "PUT", "PATCH", "DELETE");

  static Vertx vertx;
  static Agent agent;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    agent =
        Agent.start(AgentHttpTest.config("passing"), vertx, Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    agent.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<String> call(String method, String path) throws Exception {
    return AgentTest.call(agent, method, path);
  }

  /** What GET answers on a host-only agent: no PostgreSQL, so routing says 503 (liveness aside). */
  static Map<String, Integer> getStatuses() {
    Map<String, Integer> m = new LinkedHashMap<>();
    ROUTING.forEach(p -> m.put(p, p.equals("/liveness") ? 200 : 503));
    m.put("/flycheck/vm", 200);
    m.put("/flycheck/pg", 500);
    m.put("/flycheck/role", 500);
    m.put("/metrics", 200);
    m.put("/v1/node", 200);
    m.put("/v1/users", 503);
    m.put("/v1/databases", 503);
    return m;
  }

  @Test
  void getAnswersEveryEndpoint() throws Exception {
    for (Map.Entry<String, Integer> e : getStatuses().entrySet()) {
      HttpResponse<String> r = call("GET", e.getKey());
      assertThat(r.statusCode()).as("GET " + e.getKey()).isEqualTo(e.getValue());
      assertThat(r.body()).as("GET " + e.getKey()).isNotEmpty();
    }
  }

  @Test
  void headAndOptionsAnswerRoutingAndChecksWithTheStatusOnly() throws Exception {
    for (String path : concat(ROUTING, FLYCHECK)) {
      int expected = getStatuses().get(path);
      HttpResponse<String> head = call("HEAD", path);
      assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(expected);
      assertThat(head.body()).as("HEAD " + path).isEmpty();
      HttpResponse<String> options = call("OPTIONS", path);
      assertThat(options.statusCode()).as("OPTIONS " + path).isEqualTo(expected);
      assertThat(options.body()).as("OPTIONS " + path).isEmpty();
      assertThat(options.headers().firstValueAsLong("content-length"))
          .as("OPTIONS " + path)
          .hasValue(0);
      assertThat(options.headers().firstValue("allow"))
          .as("OPTIONS " + path)
          .hasValue(
              path.startsWith("/flycheck/")
                  ? "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"
                  : "GET, HEAD, OPTIONS");
    }
  }

  @Test
  void otherMethodsAre405OnRoutingEndpointsAndDocuments() throws Exception {
    for (String path : concat(ROUTING, DOCUMENTS)) {
      for (String method : OTHER_METHODS) {
        HttpResponse<String> r = call(method, path);
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(r.body())
            .as(method + " " + path)
            .startsWith("method not allowed: " + method + " (use GET, HEAD");
        assertThat(r.body().lines()).hasSize(1);
        assertThat(r.headers().firstValue("allow")).as(method + " " + path).isPresent();
      }
    }
    for (String path : DOCUMENTS) {
      HttpResponse<String> options = call("OPTIONS", path);
      assertThat(options.statusCode()).as("OPTIONS " + path).isEqualTo(405);
      assertThat(options.headers().firstValue("allow")).as("OPTIONS " + path).hasValue("GET, HEAD");
      assertThat(call("HEAD", path).statusCode())
          .as("HEAD " + path)
          .isEqualTo(getStatuses().get(path));
    }
  }

  @Test
  void flycheckAnswersEveryMethodWithTheCheckText() throws Exception {
    for (String path : FLYCHECK) {
      String body = call("GET", path).body();
      for (String method : OTHER_METHODS) {
        HttpResponse<String> r = call(method, path);
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(getStatuses().get(path));
        if (!path.equals("/flycheck/vm")) { // vm reads this machine's live CPU and memory numbers
          assertThat(r.body()).as(method + " " + path).isEqualTo(body);
        } else {
          assertThat(r.body()).as(method + " " + path).contains("free space on /");
        }
      }
    }
  }

  @Test
  void unknownPathsAre404WhateverTheMethod() throws Exception {
    for (String method : List.of("GET", "HEAD", "OPTIONS", "POST", "DELETE")) {
      assertThat(call(method, "/nope").statusCode()).as(method).isEqualTo(404);
      assertThat(call(method, "/primary/x").statusCode()).as(method).isEqualTo(404);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
