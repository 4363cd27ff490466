package dev.pgvitals.cluster;

import dev.pgvitals.sample.ErrorSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Gathers {@code /v1/node} from every node of a cluster, concurrently, each request with its own
 * deadline (connect + response + body). A node that refuses, times out, answers with an HTTP error
 * or with a document that is not a node report becomes an {@link NodeReport#unreachable unreachable
 * report} with a one-line reason; {@link #gather} never fails and never waits longer than the
 * deadline (plus scheduling).
 *
 * <p>Uses Vert.x core's {@code HttpClient} only. Close it with {@link #close()}.
 */
public final class ClusterClient {
  public static final String NODE_PATH = "/v1/node";

  /** A node report larger than this is refused (the report is a few kB). */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** Resolves a DNS name to all its addresses; blocking, run on a worker thread. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String name) throws UnknownHostException;
  }

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final long deadlineMillis;
  private final Map<String, String> headers;
  private final Resolver resolver;
  private final Supplier<Instant> clock;

  /**
   * @param deadline per node: connect, request and whole body must complete within it
   * @param headers sent with every request (e.g. {@code Authorization} for the users and databases
   *     endpoints); never logged
   * @param resolver DNS resolution for {@link #resolve}
   * @param clock stamps the time of an unreachable node's report
   */
  public ClusterClient(
      Vertx vertx,
      Duration deadline,
      Map<String, String> headers,
      Resolver resolver,
      Supplier<Instant> clock) {
    this(vertx, deadline, headers, resolver, clock, new HttpClientOptions());
  }

  /**
   * @param base HTTP client options to start from (TLS: {@code ssl}, trust and client certificate);
   *     the deadline and no keep-alive are set on a copy
   */
  public ClusterClient(
      Vertx vertx,
      Duration deadline,
      Map<String, String> headers,
      Resolver resolver,
      Supplier<Instant> clock,
      HttpClientOptions base) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.deadlineMillis = deadline.toMillis();
    if (deadlineMillis < 1) {
      throw new IllegalArgumentException("deadline must be at least 1 ms, was " + deadline);
    }
    this.headers = Map.copyOf(headers);
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions(base)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, deadlineMillis))
                .setKeepAlive(false));
  }

  /** Reports of all nodes, in the order given; never fails. */
  public Future<List<NodeReport>> gather(List<NodeAddress> nodes) {
    List<Future<NodeReport>> futures = new ArrayList<>(nodes.size());
    for (NodeAddress node : nodes) {
      futures.add(fetch(node));
    }
    // fetch() never fails, so join() completes once every node has answered or timed out.
    return Future.join(futures)
        .map(
            done -> {
              List<NodeReport> reports = new ArrayList<>(futures.size());
              futures.forEach(f -> reports.add(f.result()));
              return reports;
            });
  }

  /** All addresses {@code name} resolves to (duplicates removed), within the deadline. */
  public Future<List<NodeAddress>> resolve(String name, int port) {
    return vertx
        .<List<NodeAddress>>executeBlocking(
            () -> {
              Set<NodeAddress> out = new LinkedHashSet<>();
              for (InetAddress a : resolver.resolve(name)) {
                out.add(new NodeAddress(a.getHostAddress(), port));
              }
              return new ArrayList<>(out);
            },
            false)
        .timeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException("cannot resolve " + name + ": " + reason(e))))
        .compose(
            list ->
                list.isEmpty()
                    ? Future.failedFuture(
                        new IllegalStateException("cannot resolve " + name + ": no addresses"))
                    : Future.succeededFuture(list));
  }

  /** One node's report, or an unreachable report with the reason; never fails. */
  public Future<NodeReport> fetch(NodeAddress node) {
    return getJson(node, NODE_PATH)
        .map(
            json -> {
              try {
                return NodeReport.fromJson(json);
              } catch (ReportFormatException e) {
                throw new IllegalStateException("invalid node report: " + e.getMessage());
              }
            })
        .recover(
            e ->
                Future.succeededFuture(
                    NodeReport.unreachable(node.toString(), "-", reason(e), clock.get())));
  }

  /**
   * GETs a JSON object from one node within the deadline; fails with a one-line reason ({@code HTTP
   * 401 Unauthorized}, {@code no answer within 2000 ms}, ...). For the users and databases
   * endpoints of the leader.
   */
  public Future<JsonObject> getJson(NodeAddress node, String path) {
    RequestOptions options =
        new RequestOptions()
            .setHost(node.host())
            .setPort(node.port())
            .setURI(path)
            .putHeader(HttpHeaders.ACCEPT, "application/json");
    headers.forEach(options::putHeader);
    return BoundedGet.send(http, options, deadlineMillis, MAX_BODY_BYTES)
        .map(
            answer -> {
              if (answer.status() != 200) {
                throw new IllegalStateException(
                    "HTTP " + answer.status() + " " + answer.statusMessage());
              }
              try {
                return JsonFields.parseObject(answer.body().toString(), "response");
              } catch (ReportFormatException e) {
                throw new IllegalStateException(e.getMessage());
              }
            });
  }

  private String reason(Throwable e) {
    if (e instanceof TimeoutException) {
      return "no answer within " + deadlineMillis + " ms";
    }
    return JsonFields.withoutDecodePrefix(ErrorSummary.of(e));
  }

  public Future<Void> close() {
    return http.close();
  }
}
