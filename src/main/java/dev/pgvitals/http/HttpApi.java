package dev.pgvitals.http;

import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.metrics.Metrics;
import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.render.SuiteRenderer;
import io.vertx.core.Future;
import io.netty.buffer.ByteBuf;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's HTTP side: {@code /flycheck/vm|pg|role}, {@code /metrics}, a landing page, and
 * whatever routes other features add with {@link #route}. Every answer is built from the latest
 * samples, so no request waits on PostgreSQL. Methods per route: {@link RouteMethods}.
 */
public final class HttpApi extends VerticleBase {

  public static final String TEXT = "text/plain; charset=utf-8";

  /** A GET/HEAD handler: returns the response to send. */
  @FunctionalInterface
  public interface Route {
    Response handle(HttpServerRequest request);
  }

  /**
   * Status, content type and body of a response.
   *
   * @param release a Netty buffer behind {@code body} to release once the response is written,
   *     or null
   */
  public record Response(int status, String contentType, Buffer body, ByteBuf release) {
    public Response(int status, String contentType, String body) {
      this(status, contentType, Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)), null);
    }

    /** A response whose body is {@code buf}, released when the write completes. */
    public static Response releasing(int status, String contentType, ByteBuf buf) {
      return new Response(status, contentType, BufferInternal.buffer(buf), buf);
    }

    public static Response text(int status, String body) {
      return new Response(status, TEXT, body);
    }
  }

  private final ListenAddress listen;
  private final Metrics metrics;
  private final Map<String, Suite> suites;
  private final CheckFormat defaultFormat;
  private final Clock clock;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final Map<String, RouteMethods> methods = new LinkedHashMap<>();
  private HttpServer server;

  public HttpApi(ListenAddress listen, Metrics metrics, List<Suite> suites, CheckFormat defaultFormat, Clock clock) {
    this.listen = listen;
    this.metrics = metrics;
    this.suites = new LinkedHashMap<>();
    suites.forEach(s -> this.suites.put(s.name(), s));
    this.defaultFormat = defaultFormat;
    this.clock = clock;
    route("/", "this page", this::landing);
    java.util.Set<String> names = new java.util.LinkedHashSet<>(List.of("vm", "pg", "role"));
    names.addAll(this.suites.keySet()); // and any further suite (risk)
    for (String suite : names) {
      route("/flycheck/" + suite, suite + " health checks (200 passing, 500 failing; ?format=seed|framework)",
          RouteMethods.ANY, req -> flycheck(suite, req));
    }
    route("/metrics", "Prometheus metrics", req -> {
      String type = Metrics.contentTypeFor(req.getHeader(HttpHeaders.ACCEPT));
      if (req.method() == HttpMethod.HEAD) {
        return new Response(200, type, metrics.scrape(type)); // no body is written: nothing to release
      }
      // the exposition is a composite of direct buffers (the statistics text shared across
      // scrapes), released once written; handing it to Vert.x as is spares copying megabytes
      return Response.releasing(200, type, metrics.scrapeBuffer(type));
    });
  }

  /** Adds a GET/HEAD route; call before deployment. */
  public HttpApi route(String path, String description, Route route) {
    return route(path, description, RouteMethods.READ, route);
  }

  /** Adds (or replaces) a route answering {@code methods}; call before deployment. */
  public HttpApi route(String path, String description, RouteMethods methods, Route route) {
    routes.put(path, route);
    descriptions.put(path, description);
    this.methods.put(path, methods);
    return this;
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(listen.host())
        .setPort(listen.port())
        .setCompressionSupported(true)
        .setIdleTimeout(60);
    server = vertx.createHttpServer(options).requestHandler(this::dispatch);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void dispatch(HttpServerRequest req) {
    Route route = routes.get(req.path());
    Response response;
    if (route == null) {
      response = Response.text(404, "not found: " + req.path() + "\n");
    } else if (!methods.get(req.path()).allows(req.method())) {
      response = methodNotAllowed(req, methods.get(req.path()));
    } else {
      try {
        response = route.handle(req);
      } catch (BadRequest e) {
        response = Response.text(e.status(), e.getMessage() + "\n");
      } catch (RuntimeException e) {
        response = Response.text(500, "internal error: " + e.getClass().getSimpleName() + "\n");
        org.slf4j.LoggerFactory.getLogger(HttpApi.class).error("{} failed", req.path(), e);
      }
    }
    send(req, response);
  }

  private static Response methodNotAllowed(HttpServerRequest req, RouteMethods allowed) {
    req.response().putHeader(HttpHeaders.ALLOW, allowed.allowHeader());
    return Response.text(405, "method not allowed: " + req.method() + " (use " + allowed.allowHeader() + ")\n");
  }

  private void send(HttpServerRequest req, Response r) {
    var resp = req.response().setStatusCode(r.status()).putHeader(HttpHeaders.CONTENT_TYPE, r.contentType());
    if (req.method() == HttpMethod.OPTIONS) {
      // status only, as Patroni answers HAProxy's OPTIONS checks
      RouteMethods m = methods.get(req.path());
      if (m != null) {
        resp.putHeader(HttpHeaders.ALLOW, m.allowHeader());
      }
      resp.putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
      if (r.release() != null) {
        r.release().release();
      }
    } else if (req.method() == HttpMethod.HEAD) {
      resp.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(r.body().length())).end();
      if (r.release() != null) {
        r.release().release();
      }
    } else if (r.release() != null) {
      resp.end(r.body()).onComplete(ar -> r.release().release());
    } else {
      resp.end(r.body());
    }
  }

  private Response flycheck(String name, HttpServerRequest req) {
    CheckFormat format = formatOf(req);
    Suite suite = suites.get(name);
    SuiteResult result = suite == null
        ? SuiteResult.setupFailed(name, name + " checks are not enabled on this agent")
        : suite.evaluate(clock.instant());
    return Response.text(result.passed() ? 200 : 500, SuiteRenderer.render(result, format));
  }

  /** The {@code ?format=} parameter, else the configured default; 400 on an unknown value. */
  public CheckFormat formatOf(HttpServerRequest req) {
    String f = req.getParam("format");
    if (f == null) {
      return defaultFormat;
    }
    try {
      return CheckFormat.parse(f);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private Response landing(HttpServerRequest req) {
    return landingPage(200, null);
  }

  /**
   * The endpoint list as an HTML page with the given status, and a line about this node when
   * {@code nodeLine} is not null (for a route that answers browsers at {@code /}).
   */
  public Response landingPage(int status, String nodeLine) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pgvitals</title></head>\n"
        + "<body><h1>pgvitals</h1>\n<p>Health checks and metrics of this PostgreSQL VM.</p>\n");
    if (nodeLine != null) {
      b.append("<p>This node: ").append(escape(nodeLine)).append("</p>\n");
    }
    b.append("<ul>\n");
    descriptions.forEach((path, text) -> {
      if (!path.equals("/")) {
        b.append("<li><a href=\"").append(path).append("\">").append(path).append("</a> — ").append(text).append("</li>\n");
      }
    });
    b.append("</ul>\n</body></html>\n");
    return new Response(status, "text/html; charset=utf-8", b.toString());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Thrown by a route for a 4xx answer (400 unless given); the message is the one-line reason. */
  public static class BadRequest extends RuntimeException {
    private final int status;

    public BadRequest(String message) {
      this(400, message);
    }

    protected BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
