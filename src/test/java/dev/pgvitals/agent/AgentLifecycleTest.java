package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgvitals.cli.Main;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The agent as one verticle: started and stopped on its own, and stopped quietly. */
class AgentLifecycleTest {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  static AgentConfig hostOnly() {
    return TestAgents.config().hostInterval(Duration.ofMillis(100)).build();
  }

  static int status(int port) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/liveness"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void twoAgentsOnOneVertxStopIndependently() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Set<String> before = vertx.deploymentIDs();
      Agent a = Agent.start(hostOnly(), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
      Set<String> withA = vertx.deploymentIDs();
      Agent b = Agent.start(hostOnly(), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
      int perAgent = withA.size() - before.size(); // the agent, its samplers, its HTTP server
      assertThat(perAgent).isGreaterThanOrEqualTo(3);

      a.close().await(30, TimeUnit.SECONDS);
      assertThat(vertx.deploymentIDs()).hasSize(before.size() + perAgent); // only b's are left
      assertThat(vertx.deploymentIDs()).doesNotContainAnyElementsOf(withA);
      assertThat(status(b.port())).isEqualTo(200);
      assertThat(catchThrowable(() -> status(a.port()))).isInstanceOf(ConnectException.class);
      assertThat(a.close().await(5, TimeUnit.SECONDS)).as("closing twice is harmless").isNull();

      b.close().await(30, TimeUnit.SECONDS);
      assertThat(vertx.deploymentIDs()).isEqualTo(before);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void badSettingsFailTheStartWithOneLine() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AgentConfig bad =
          AgentConfig.builder()
              .listen(new ListenAddress("127.0.0.1", 0))
              .pg(
                  dev.pgvitals.postgres.PgConfig.defaults()
                      .withPgUrl("postgres://u:s3cr3t@host:99999/db"))
              .build();
      Throwable t =
          catchThrowable(
              () -> Agent.start(bad, vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS));
      assertThat(t)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("port 99999")
          .message()
          .doesNotContain("s3cr3t");
      assertThat(vertx.deploymentIDs()).isEmpty();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The agent process with PostgreSQL configured, stopped by SIGTERM: the pools close before
   * Vert.x, so the log ends with one "stopped" line and no stack trace (it used to end with a
   * 20-line RejectedExecutionException).
   */
  @ParameterizedTest(name = "{0}")
  @PgMajors
  void sigtermStopsWithOneLineAndNoStackTrace(PgCluster pg) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process agent =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "agent",
                "--listen",
                "127.0.0.1:0",
                "--pg-url",
                pg.replica().monitorUrl(),
                "--leader-url",
                pg.primary().monitorUrl(),
                "--data-path",
                "/",
                "--proc-root",
                Path.of("src/test/resources/agent/passing").toAbsolutePath().toString(),
                "--pg-fast-interval",
                "1s",
                "--host-interval",
                "1s")
            .redirectErrorStream(true)
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (java.io.IOException ignored) {
                // the process ended
              }
            });
    reader.start();
    try {
      Wait.until(
          "agent listening",
          Duration.ofSeconds(60),
          () -> lines.stream().anyMatch(l -> l.contains("listening on")) || !agent.isAlive());
      assertThat(agent.isAlive()).as(String.join("\n", lines)).isTrue();
      Wait.until(
          "a pg sample after start",
          Duration.ofSeconds(30),
          () -> lines.stream().anyMatch(l -> l.contains("[HEALTHCHECK] [pg: ")));
      agent.toHandle().destroy(); // SIGTERM (Process.destroy() would also close the pipe we read)
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    } finally {
      agent.destroyForcibly();
    }
    String log = String.join("\n", lines);
    assertThat(lines).as(log).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
    assertThat(lines).as(log).filteredOn(l -> l.contains("pgvitals stopped")).hasSize(1);
    assertThat(lines.get(lines.size() - 1)).as(log).contains("pgvitals stopped");
  }
}
