package dev.pgvitals.http;

import dev.pgvitals.http.HttpApi.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Who may ask what.
 *
 * <ul>
 *   <li>The <b>private</b> paths ({@code /v1/users}, {@code /v1/databases}: role names, superuser
 *       flags, databases) need a credential — the bearer token ({@code --api-token}) or a
 *       basic-auth user of {@code --web.config.file}. With neither configured they answer only to
 *       loopback clients, and 403 with the reason to everyone else: never open to the network by
 *       default.
 *   <li>With {@code basic_auth_users} configured, every other path needs a credential too, except
 *       the <b>open</b> paths ({@code --web.open-paths}; by default the health and routing
 *       endpoints load balancers probe, and the landing page).
 *   <li>{@code rate_limit} of the web config: beyond it, 429 for every path.
 * </ul>
 *
 * The scheme names {@code Bearer} and {@code Basic} are case-insensitive (RFC 9110). bcrypt runs on
 * a one-thread worker, never on the event loop, and a verified user/password pair is remembered (as
 * a SHA-256, never in clear) so a scraper's every request costs one hash lookup; with more than
 * {@link #MAX_PENDING} checks queued, new ones get 429.
 */
public final class Access {

  /** Paths that never answer the network without a credential. */
  public static final Set<String> PRIVATE_PATHS = Set.of("/v1/users", "/v1/databases");

  /**
   * The paths open without a credential when basic auth is on; entries ending in "/" are prefixes.
   */
  public static final List<String> DEFAULT_OPEN_PATHS =
      List.of(
          "/",
          "/liveness",
          "/readiness",
          "/health",
          "/leader",
          "/primary",
          "/master",
          "/replica",
          "/standby",
          "/read-write",
          "/read-only",
          "/sync",
          "/async",
          "/flycheck/");

  static final int MAX_PENDING = 32;
  private static final int CACHE_SIZE = 64;

  /**
   * A hash of a password nobody knows, compared for unknown users so they take as long as known
   * ones.
   */
  private static final String DUMMY_HASH =
      BCrypt.hashpw(java.util.UUID.randomUUID().toString(), BCrypt.gensalt(10));

  private final Optional<String> token;
  private final Map<String, String> users;
  private final List<String> openPaths;
  private final RateLimiter limiter;
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<String, Boolean> verified =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > CACHE_SIZE;
        }
      };
  private WorkerExecutor bcrypt;

  /** Nobody authenticates; the private paths answer on loopback only. */
  public static Access loopbackOnly() {
    return new Access(Optional.empty(), WebConfig.NONE, DEFAULT_OPEN_PATHS);
  }

  public Access(Optional<String> token, WebConfig web, List<String> openPaths) {
    this.token = token;
    this.users = web.users();
    this.openPaths = List.copyOf(openPaths);
    this.limiter = web.rateLimit().map(r -> new RateLimiter(r, System::nanoTime)).orElse(null);
  }

  /** Whether any credential is configured. */
  public boolean authenticates() {
    return token.isPresent() || !users.isEmpty();
  }

  /** The refusal of a request (401, 403, 429), or null when it may go on. */
  Future<Response> authorize(HttpServerRequest req, Vertx vertx) {
    if (limiter != null && !limiter.allow()) {
      return Future.succeededFuture(
          Response.text(429, "too many requests (rate_limit of --web.config.file)\n"));
    }
    String path = req.path();
    Response refused =
        withoutCredential(path, PRIVATE_PATHS.contains(path) && !authenticates() && loopback(req));
    if (refused != null) {
      return Future.succeededFuture(refused);
    }
    if (!needsCredential(path)) {
      return Future.succeededFuture();
    }
    String header = req.getHeader(HttpHeaders.AUTHORIZATION);
    int space = header == null ? -1 : header.indexOf(' ');
    String scheme = space < 0 ? "" : header.substring(0, space).toLowerCase(Locale.ROOT);
    String value = space < 0 ? "" : header.substring(space + 1).trim();
    if (scheme.equals("bearer") && token.isPresent()) {
      return Future.succeededFuture(
          MessageDigest.isEqual(
                  value.getBytes(StandardCharsets.UTF_8),
                  token.get().getBytes(StandardCharsets.UTF_8))
              ? null
              : unauthorized(req, "wrong bearer token"));
    }
    if (scheme.equals("basic") && !users.isEmpty()) {
      return basic(req, vertx, value);
    }
    return Future.succeededFuture(
        unauthorized(req, header == null ? "no credentials" : "unsupported credentials"));
  }

  /**
   * The 403 of a private path when no credential is configured and the client is not on loopback;
   * null otherwise.
   */
  Response withoutCredential(String path, boolean fromLoopback) {
    if (PRIVATE_PATHS.contains(path) && !authenticates() && !fromLoopback) {
      return Response.text(
          403,
          "forbidden: "
              + path
              + " answers only on loopback while no --api-token or "
              + "basic_auth_users (--web.config.file) is configured\n");
    }
    return null;
  }

  /** Whether a request for {@code path} must carry a credential (one is configured). */
  boolean needsCredential(String path) {
    return authenticates() && (PRIVATE_PATHS.contains(path) || (!users.isEmpty() && !open(path)));
  }

  private Future<Response> basic(HttpServerRequest req, Vertx vertx, String value) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(unauthorized(req, "malformed basic credentials"));
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Future.succeededFuture(unauthorized(req, "malformed basic credentials"));
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String known = users.get(user);
    String hash = known == null ? DUMMY_HASH : known;
    String key = cacheKey(user, password, hash);
    synchronized (verified) {
      Boolean ok = verified.get(key);
      if (ok != null) {
        return Future.succeededFuture(
            ok && known != null ? null : unauthorized(req, "wrong user or password"));
      }
    }
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      return Future.succeededFuture(Response.text(429, "too many password checks in progress\n"));
    }
    return bcrypt(vertx)
        .executeBlocking(() -> checkpw(password, hash), true)
        .eventually(
            () -> {
              pending.decrementAndGet();
              return Future.succeededFuture();
            })
        .map(
            ok -> {
              synchronized (verified) {
                verified.put(key, ok);
              }
              return ok && known != null ? null : unauthorized(req, "wrong user or password");
            });
  }

  private static boolean checkpw(String password, String hash) {
    try {
      // Go writes $2a$/$2b$/$2y$ alike; Spring's BCrypt reads all three
      return BCrypt.checkpw(password, hash);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private synchronized WorkerExecutor bcrypt(Vertx vertx) {
    if (bcrypt == null) {
      // one thread: a flood of guesses costs one core at most and never the samplers' workers
      bcrypt = vertx.createSharedWorkerExecutor("pgvitals-bcrypt", 1);
    }
    return bcrypt;
  }

  synchronized void close() {
    if (bcrypt != null) {
      bcrypt.close();
      bcrypt = null;
    }
  }

  private Response unauthorized(HttpServerRequest req, String why) {
    req.response()
        .putHeader("WWW-Authenticate", users.isEmpty() ? "Bearer" : "Basic realm=\"pgvitals\"");
    String how =
        users.isEmpty()
            ? "'Authorization: Bearer <api token>'"
            : token.isPresent()
                ? "basic auth (a user of --web.config.file) or the bearer token"
                : "basic auth (a user of --web.config.file)";
    return Response.text(
        401,
        "unauthorized: " + why + "; " + req.path().replace('\n', ' ') + " needs " + how + "\n");
  }

  private boolean open(String path) {
    for (String p : openPaths) {
      if (p.endsWith("/") && p.length() > 1 ? path.startsWith(p) : path.equals(p)) {
        return true;
      }
    }
    return false;
  }

  static boolean loopback(HttpServerRequest req) {
    SocketAddress a = req.connection().remoteAddress();
    if (a == null || a.hostAddress() == null) {
      return false;
    }
    try {
      String ip = a.hostAddress();
      // an IP literal: getByName does no DNS lookup
      return (ip.indexOf(':') >= 0 || Character.isDigit(ip.charAt(0)))
          && InetAddress.getByName(ip).isLoopbackAddress();
    } catch (UnknownHostException | RuntimeException e) {
      return false;
    }
  }

  private static String cacheKey(String user, String password, String hash) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(user.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(password.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(hash.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  /** A token bucket: {@code burst} requests at once, refilled at one per {@code interval}. */
  static final class RateLimiter {
    private final long intervalNanos;
    private final int burst;
    private final java.util.function.LongSupplier nanos;
    private double tokens;
    private long last;

    RateLimiter(WebConfig.RateLimit r, java.util.function.LongSupplier nanos) {
      this.intervalNanos = Math.max(1, r.interval().toNanos());
      this.burst = r.burst();
      this.nanos = nanos;
      this.tokens = burst;
      this.last = nanos.getAsLong();
    }

    synchronized boolean allow() {
      long now = nanos.getAsLong();
      tokens = Math.min(burst, tokens + (double) (now - last) / intervalNanos);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
