package dev.pgvitals.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus server (the {@code prometheus} binary on PATH) on a free loopback port, with
 * its configuration and TSDB in a directory the caller owns, and a small client for its HTTP API.
 *
 * <p>{@link #close()} stops it (SIGTERM, then SIGKILL after 10 s) and waits for the process to
 * exit; a JVM shutdown hook does the same if the test JVM is interrupted before that.
 */
final class PrometheusServer implements AutoCloseable {

  /** Deadline of one API request. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** The answer of {@code /api/v1/query}: status, and the result list (empty on error). */
  record QueryResult(String query, String status, String error, JsonArray result) {
    boolean success() {
      return "success".equals(status);
    }

    List<JsonObject> series() {
      List<JsonObject> out = new ArrayList<>();
      for (int i = 0; i < result.size(); i++) {
        out.add(result.getJsonObject(i));
      }
      return out;
    }

    /** The labels of every series, for assertion messages. */
    String describe() {
      return success()
          ? series().stream()
              .map(
                  s ->
                      s.getJsonObject("metric").encode()
                          + "="
                          + s.getJsonArray("value", new JsonArray()).getValue(1))
              .toList()
              .toString()
          : status + ": " + error;
    }
  }

  private final ForegroundProcess process;
  private final int port;

  private PrometheusServer(ForegroundProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Writes {@code config} to {@code dir/prometheus.yml} and starts Prometheus with its TSDB in
   * {@code dir/data}, listening on a free port of 127.0.0.1; returns once {@code /-/ready} says so.
   * A port taken between choosing and binding is retried with another one.
   */
  static PrometheusServer start(Path binary, Path dir, String config)
      throws IOException, InterruptedException {
    Path configFile = dir.resolve("prometheus.yml");
    Files.writeString(configFile, config, StandardCharsets.UTF_8);
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freeLoopbackPort();
      Path log = dir.resolve("prometheus-" + attempt + ".log");
      ForegroundProcess p =
          ForegroundProcess.start(
              "prometheus",
              List.of(
                  binary.toString(),
                  "--config.file=" + configFile,
                  "--storage.tsdb.path=" + dir.resolve("data-" + attempt),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--storage.tsdb.retention.time=1h",
                  "--log.level=info"),
              dir,
              log);
      PrometheusServer server = new PrometheusServer(p, port);
      try {
        server.awaitReady();
        return server;
      } catch (IllegalStateException e) {
        server.close();
        last = e;
        if (!server.logText().contains("address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited with " + process.exitValue() + " while starting:\n" + logText());
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(uri("/-/ready")).timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            "prometheus not ready after " + START_TIMEOUT.toSeconds() + " s:\n" + logText());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /**
   * {@code /api/v1/query} at the current time. Query errors come back as a result, not an
   * exception.
   */
  QueryResult query(String promql) {
    JsonObject body =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonArray result =
        body.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray());
    return new QueryResult(
        promql,
        body.getString("status"),
        body.getString("errorType", "") + " " + body.getString("error", ""),
        result);
  }

  /** The label sets of {@code /api/v1/series?match[]=selector} over the last five minutes. */
  List<JsonObject> series(String selector) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject body =
        get(
            "/api/v1/series?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8)
                + "&start="
                + (now - 300)
                + "&end="
                + now);
    if (!"success".equals(body.getString("status"))) {
      throw new AssertionError("series " + selector + ": " + body.encode());
    }
    JsonArray data = body.getJsonArray("data");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      out.add(data.getJsonObject(i));
    }
    return out;
  }

  /**
   * Every rule Prometheus loaded ({@code /api/v1/rules}), each with its group name added as {@code
   * group}.
   */
  List<JsonObject> rules() {
    JsonObject body = get("/api/v1/rules");
    List<JsonObject> out = new ArrayList<>();
    JsonArray groups = body.getJsonObject("data").getJsonArray("groups");
    for (int g = 0; g < groups.size(); g++) {
      JsonObject group = groups.getJsonObject(g);
      JsonArray rules = group.getJsonArray("rules");
      for (int r = 0; r < rules.size(); r++) {
        out.add(rules.getJsonObject(r).copy().put("group", group.getString("name")));
      }
    }
    return out;
  }

  /** The active scrape targets ({@code /api/v1/targets}). */
  List<JsonObject> activeTargets() {
    JsonArray targets =
        get("/api/v1/targets?state=active").getJsonObject("data").getJsonArray("activeTargets");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      out.add(targets.getJsonObject(i));
    }
    return out;
  }

  private JsonObject get(String pathAndQuery) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri(pathAndQuery)).timeout(REQUEST_TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString());
      // The API answers errors (bad PromQL: 400, evaluation: 422) with a JSON body too.
      if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
        throw new AssertionError(
            "GET " + pathAndQuery + ": HTTP " + r.statusCode() + " " + r.body());
      }
      return new JsonObject(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "GET " + uri(pathAndQuery) + " failed (prometheus alive: " + process.isAlive() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Prometheus' own log so far (stdout and stderr). */
  String logText() {
    return process.logText();
  }

  /** SIGTERM, wait up to 10 s, then SIGKILL; returns when the process (and any child) is gone. */
  @Override
  public void close() {
    process.close();
  }
}
