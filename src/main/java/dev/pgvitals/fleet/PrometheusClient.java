package dev.pgvitals.fleet;

import dev.pgvitals.cluster.BoundedGet;
import dev.pgvitals.sample.ErrorSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Instant queries against a Prometheus-compatible HTTP API ({@code GET <base>/api/v1/query}), each
 * within a deadline covering connect, response and body; answers over {@link #MAX_BODY_BYTES} are
 * refused. Credentials come from the URL's user info (basic auth) or a bearer token and never
 * appear in a message: errors name {@link #display()}, the URL without them.
 */
public final class PrometheusClient {

  /** The largest answer read: several thousand nodes of fleet series (about 2-4 kB each). */
  public static final int MAX_BODY_BYTES = 32 << 20;

  private final HttpClientAgent http;
  private final long deadlineMillis;
  private final String host;
  private final int port;
  private final String basePath;
  private final String display;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /**
   * @param url {@code http(s)://[user:password@]host[:port][/path]}, e.g. {@code
   *     http://prometheus:9090} or {@code https://mimir.example/prometheus}
   * @param bearerToken sent as {@code Authorization: Bearer …} unless the URL has user info
   * @param base TLS options to start from (trust, client certificate); {@code ssl} follows the
   *     scheme
   * @throws IllegalArgumentException one line, without the credentials, for a URL that is not
   *     usable
   */
  public PrometheusClient(
      Vertx vertx,
      String url,
      Optional<String> bearerToken,
      Duration deadline,
      HttpClientOptions base) {
    this.deadlineMillis = deadline.toMillis();
    if (deadlineMillis < 1) {
      throw new IllegalArgumentException("deadline must be at least 1 ms, was " + deadline);
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--prometheus: not a URL (expected http://host:9090)");
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--prometheus: expected http://host[:port][/path] or https://…");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "--prometheus: give the base URL without ?query or #fragment");
    }
    boolean ssl = scheme.equals("https");
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.display = scheme + "://" + uri.getRawAuthority().replaceFirst("^.*@", "") + basePath;
    if (uri.getRawUserInfo() != null) {
      String[] userPassword = uri.getRawUserInfo().split(":", 2);
      String credentials =
          decode(userPassword[0]) + ":" + (userPassword.length > 1 ? decode(userPassword[1]) : "");
      headers.put(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    } else {
      bearerToken
          .filter(t -> !t.isBlank())
          .ifPresent(t -> headers.put("Authorization", "Bearer " + t.trim()));
    }
    HttpClientOptions options =
        new HttpClientOptions(base)
            .setSsl(ssl)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, deadlineMillis))
            .setKeepAlive(true);
    if (ssl) {
      options.setVerifyHost(true);
    }
    this.http = vertx.createHttpClient(options);
  }

  /** The URL without user info, for messages. */
  public String display() {
    return display;
  }

  /**
   * Evaluates {@code promql} at {@code time}; fails with one line naming the store ({@code
   * Prometheus at http://…: HTTP 503 Service Unavailable}, {@code …: no answer within 5000 ms},
   * {@code …: invalid answer: not a JSON object}, {@code …: query failed: bad_data: …}).
   */
  public Future<List<PromSeries>> query(String promql, Instant time) {
    String uri =
        basePath
            + "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + time.toEpochMilli() / 1000
            + "."
            + String.format("%03d", time.toEpochMilli() % 1000);
    RequestOptions options =
        new RequestOptions()
            .setHost(host)
            .setPort(port)
            .setURI(uri)
            .putHeader(HttpHeaders.ACCEPT, "application/json");
    headers.forEach(options::putHeader);
    // 400 (bad query) and 422 (evaluation failed) carry the API's JSON error; other codes may not
    return BoundedGet.send(http, options, deadlineMillis, MAX_BODY_BYTES)
        .recover(e -> Future.failedFuture(failure(reason(e))))
        .compose(
            answer -> {
              try {
                List<PromSeries> series =
                    PromSeries.parseVector(answer.body().toString(StandardCharsets.UTF_8));
                if (answer.status() == 200) {
                  return Future.succeededFuture(series);
                }
              } catch (IllegalStateException e) {
                if (answer.status() == 200) {
                  return Future.failedFuture(failure("invalid answer: " + e.getMessage()));
                }
                if (e.getMessage()
                    .startsWith("query failed")) { // 400 bad query, 422 evaluation error
                  return Future.failedFuture(
                      failure("HTTP " + answer.status() + ": " + e.getMessage()));
                }
              }
              return Future.failedFuture(
                  failure("HTTP " + answer.status() + " " + answer.statusMessage()));
            });
  }

  private IllegalStateException failure(String reason) {
    return new IllegalStateException("Prometheus at " + display + ": " + reason);
  }

  private String reason(Throwable e) {
    if (e instanceof TimeoutException) {
      return "no answer within " + deadlineMillis + " ms";
    }
    return ErrorSummary.of(e);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public Future<Void> close() {
    return http.close();
  }
}
