package dev.pgvitals.http;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteName;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.metrics.Metrics;
import dev.pgvitals.render.SuiteRenderer;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
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
   * @param release a Netty buffer behind {@code body} to release once the response is written, or
   *     null
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
  private final ServerSettings settings;
  private final ConnectionGuard guard;
  private final ErrorLog errors = new ErrorLog(System::nanoTime);
  private final RequestStats stats = new RequestStats();
  private final Map<String, RouteMethods> methods = new LinkedHashMap<>();
  private HttpServer server;
  private long sweepTimer = -1;

  public HttpApi(
      ListenAddress listen,
      Metrics metrics,
      List<Suite> suites,
      CheckFormat defaultFormat,
      Clock clock) {
    this(listen, ServerSettings.DEFAULTS, metrics, suites, defaultFormat, clock);
  }

  /**
   * @param settings connection limits, TLS and authentication (see {@link ServerSettings})
   */
  public HttpApi(
      ListenAddress listen,
      ServerSettings settings,
      Metrics metrics,
      List<Suite> suites,
      CheckFormat defaultFormat,
      Clock clock) {
    this.settings = settings;
    this.guard = new ConnectionGuard(settings.limits(), System::nanoTime);
    metrics.register(new HttpCollector(guard, errors, stats));
    this.listen = listen;
    this.metrics = metrics;
    this.suites = new LinkedHashMap<>();
    suites.forEach(s -> this.suites.put(s.name(), s));
    this.defaultFormat = defaultFormat;
    this.clock = clock;
    route("/", "this page", this::landing);
    for (String suite : SuiteName.labels()) {
      route(
          "/flycheck/" + suite,
          suite + " health checks (200 passing, 500 failing; ?format=seed|framework)",
          RouteMethods.ANY,
          req -> flycheck(suite, req));
    }
    route(
        "/metrics",
        "Prometheus metrics",
        req -> {
          String type = Metrics.contentTypeFor(req.getHeader(HttpHeaders.ACCEPT));
          if (req.method() == HttpMethod.HEAD) {
            return new Response(
                200, type, metrics.scrape(type)); // no body is written: nothing to release
          }
          // the exposition is a composite of direct buffers (the statistics text shared across
          // scrapes), released once written; handing it to Vert.x as is spares copying megabytes
          req.response().putHeader(HttpHeaders.VARY, "Accept-Encoding");
          if (req.method() == HttpMethod.GET
              && acceptsGzip(req.getHeader(HttpHeaders.ACCEPT_ENCODING))) {
            // compressed here, mostly once per sample; a response with its Content-Encoding set
            // is passed through by the server's own compressor
            req.response().putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            return Response.releasing(200, type, metrics.scrapeGzip(type));
          }
          return Response.releasing(200, type, metrics.scrapeBuffer(type));
        });
  }

  /**
   * Whether an {@code Accept-Encoding} value admits gzip ({@code gzip} or {@code x-gzip}, or {@code
   * *}, with a {@code q} above 0), as Prometheus' {@code Accept-Encoding: gzip}.
   */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String item : acceptEncoding.split(",")) {
      String[] parts = item.split(";");
      String coding = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
        continue;
      }
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=") || p.startsWith("Q=")) {
          try {
            q = Double.parseDouble(p.substring(2).trim());
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0) {
        return true;
      }
    }
    return false;
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
    HttpServerOptions options = ServerOptionsFactory.create(listen, settings);
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(guard::opened)
            .invalidRequestHandler(this::invalid)
            .exceptionHandler(e -> errors.clientFault("connection", e))
            .requestHandler(this::accept);
    sweepTimer = vertx.setPeriodic(guard.sweepMillis(), id -> guard.sweep());
    return server.listen();
  }

  /**
   * Loads the certificate, key and client CAs as the server will, so a bad file fails at start.
   *
   * @throws IllegalArgumentException one line naming the key
   */
  public static void check(ServerSettings settings, Vertx vertx) {
    ServerOptionsFactory.check(settings, vertx);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    guard.closeAll();
    settings.access().close();
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Every request: tracked on its connection, screened, then dispatched. */
  private void accept(HttpServerRequest req) {
    var conn = req.connection();
    guard.requestStarted(conn);
    req.response().endHandler(v -> guard.requestEnded(conn));
    settings.headers().forEach((k, v) -> req.response().putHeader(k, v));
    Response rejected;
    try {
      rejected = RequestScreen.screen(req);
    } catch (RuntimeException e) {
      errors.error("request screening", e);
      rejected = Response.text(400, "bad request\n");
    }
    if (rejected != null) {
      stats.rejected(rejected.status());
      if (rejected.status() == 413) {
        // the body is not read: the connection cannot carry another request after it
        req.response().putHeader(HttpHeaders.CONNECTION, "close");
      }
      send(req, rejected);
      return;
    }
    settings
        .access()
        .authorize(req, vertx)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                errors.error("authorization", ar.cause());
                send(req, Response.text(500, "internal error\n"));
              } else if (ar.result() != null) {
                stats.rejected(ar.result().status());
                send(req, ar.result());
              } else {
                dispatch(req);
              }
            });
  }

  /** A request Netty could not decode: a one-line 4xx, then the connection is closed. */
  private void invalid(HttpServerRequest req) {
    Response r = RequestScreen.undecodable(req.decoderResult().cause());
    stats.rejected(r.status());
    req.response().putHeader(HttpHeaders.CONNECTION, "close");
    var conn = req.connection();
    req.response()
        .setStatusCode(r.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, r.contentType())
        .end(r.body())
        .onComplete(ar -> conn.close());
  }

  private void dispatch(HttpServerRequest req) {
    Route route = routes.get(req.path());
    Response response;
    if (route == null) {
      response = Response.text(404, "not found: " + RequestScreen.shown(req.path()) + "\n");
    } else if (!methods.get(req.path()).allows(req.method())) {
      response = methodNotAllowed(req, methods.get(req.path()));
    } else {
      try {
        response = route.handle(req);
      } catch (BadRequest e) {
        response = Response.text(e.status(), ErrorLog.printable(e.getMessage()) + "\n");
      } catch (RuntimeException e) {
        errors.error(req.path(), e); // a route's path: a fixed set
        response = Response.text(500, "internal error: " + e.getClass().getSimpleName() + "\n");
      }
    }
    if (response.status() >= 400 && response.status() < 500) {
      stats.rejected(response.status());
    }
    send(req, response);
  }

  private static Response methodNotAllowed(HttpServerRequest req, RouteMethods allowed) {
    req.response().putHeader(HttpHeaders.ALLOW, allowed.allowHeader());
    return Response.text(
        405,
        "method not allowed: "
            + RequestScreen.shown(req.method().name())
            + " (use "
            + allowed.allowHeader()
            + ")\n");
  }

  private void send(HttpServerRequest req, Response r) {
    if (req.response().ended() || req.response().closed()) {
      if (r.release() != null) {
        r.release().release();
      }
      return; // the client went away while a credential was being checked
    }
    var resp =
        req.response()
            .setStatusCode(r.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, r.contentType());
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
    SuiteResult result =
        suite == null
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
   * The endpoint list as an HTML page with the given status, and a line about this node when {@code
   * nodeLine} is not null (for a route that answers browsers at {@code /}).
   */
  public Response landingPage(int status, String nodeLine) {
    StringBuilder b =
        new StringBuilder(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pgvitals</title></head>\n"
                + "<body><h1>pgvitals</h1>\n<p>Health checks and metrics of this PostgreSQL VM.</p>\n");
    if (nodeLine != null) {
      b.append("<p>This node: ").append(escape(nodeLine)).append("</p>\n");
    }
    b.append("<ul>\n");
    descriptions.forEach(
        (path, text) -> {
          if (!path.equals("/")) {
            b.append("<li><a href=\"")
                .append(path)
                .append("\">")
                .append(path)
                .append("</a> — ")
                .append(text)
                .append("</li>\n");
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
