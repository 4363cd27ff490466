package dev.pgvitals.cluster;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One GET of the client commands (a node's report, a Prometheus query): one deadline over connect,
 * response and body, a cap on the body (a {@code Content-Length} over it is refused before reading,
 * a longer answer once read: the deadline bounds how much can arrive), and a request that misses
 * either is reset, so the connection of a peer that did not finish is freed. Any status is an
 * answer; the caller decides what it means.
 */
public final class BoundedGet {

  /** The status line and the whole body. */
  public record Answer(int status, String statusMessage, Buffer body) {}

  private BoundedGet() {}

  /**
   * GETs {@code options} (host, port, URI and headers set by the caller) within {@code
   * deadlineMillis}; fails with a {@link java.util.concurrent.TimeoutException} when the deadline
   * passes, or with {@code answer exceeds N bytes} / {@code answer of M bytes exceeds N}.
   */
  public static Future<Answer> send(
      HttpClientAgent http, RequestOptions options, long deadlineMillis, int maxBodyBytes) {
    options.setMethod(HttpMethod.GET).setConnectTimeout(deadlineMillis);
    AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    return http.request(options)
        .compose(
            req -> {
              request.set(req);
              // body() is asked for in a listener of send() itself: that listener runs on the
              // request's context as the head arrives, before any chunk; a later stage of the
              // chain may run on another context, after the body has gone by (seen in CI)
              return req.send().compose(response -> body(response, maxBodyBytes));
            })
        .timeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .onFailure(
            e -> {
              HttpClientRequest req = request.get();
              if (req != null) {
                req.reset(); // free the connection of a peer that did not finish in time
              }
            });
  }

  private static Future<Answer> body(HttpClientResponse response, int maxBodyBytes) {
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null
        && length.trim().matches("[0-9]{1,18}")
        && Long.parseLong(length.trim()) > maxBodyBytes) {
      response.request().reset();
      return Future.failedFuture(
          new IllegalStateException(
              "answer of " + length.trim() + " bytes exceeds " + maxBodyBytes));
    }
    // body(), not handler()/endHandler() (which throw on a response that has ended); it must be
    // asked for while the head is being delivered, which is why send() calls this directly
    return response
        .body()
        .compose(
            buffer ->
                buffer.length() > maxBodyBytes
                    ? Future.failedFuture(
                        new IllegalStateException("answer exceeds " + maxBodyBytes + " bytes"))
                    : Future.succeededFuture(
                        new Answer(response.statusCode(), response.statusMessage(), buffer)));
  }
}
