package dev.pgvitals.agent;

import dev.pgvitals.config.AgentConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the whole-agent tests share: a Vert.x per test, closed after it (which stops the agents
 * started on it), starting an agent on it, and plain HTTP to an agent.
 */
abstract class AgentTest {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  Vertx vertx;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Starts an agent on this test's Vert.x, waiting up to 30 s for it to listen. */
  Agent start(AgentConfig config) throws Exception {
    return Agent.start(config, vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  /** GET {@code path} on {@code agent} with the given header names and values, within 10 s. */
  static HttpResponse<String> get(Agent agent, String path, String... headers) throws Exception {
    return send(request(agent, path), headers);
  }

  /** {@code method} (without a body) on {@code path} of {@code agent}, as {@link #get}. */
  static HttpResponse<String> call(Agent agent, String method, String path, String... headers)
      throws Exception {
    return send(request(agent, path).method(method, HttpRequest.BodyPublishers.noBody()), headers);
  }

  private static HttpRequest.Builder request(Agent agent, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path))
        .timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String... headers)
      throws Exception {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
