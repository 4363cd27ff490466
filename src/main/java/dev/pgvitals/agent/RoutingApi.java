package dev.pgvitals.agent;

import dev.pgvitals.check.LagLimit;
import dev.pgvitals.check.RoutingCheck;
import dev.pgvitals.check.RoutingCheck.Answer;
import dev.pgvitals.check.RoutingCheck.Endpoint;
import dev.pgvitals.check.RoutingCheck.Freshness;
import dev.pgvitals.check.RoutingCheck.Query;
import dev.pgvitals.config.LagLimits;
import dev.pgvitals.http.HttpApi;
import dev.pgvitals.http.HttpApi.BadRequest;
import dev.pgvitals.http.HttpApi.Response;
import dev.pgvitals.http.RouteMethods;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The load-balancer endpoints, with Patroni's paths and answers ({@link RoutingCheck}): 200 or 503
 * and a one-line reason, for {@code GET}, {@code HEAD} and {@code OPTIONS} (the last two status
 * only), so Patroni's published HAProxy configurations work against pgvitals with only addresses
 * changed.
 *
 * <p>{@code /} is Patroni's primary check for every client except a browser: a request whose {@code
 * Accept} names {@code text/html} gets the endpoint list as a page, but with the primary check's
 * status, so no health checker can route writes by it to a replica.
 */
public final class RoutingApi {

  private final Node node;
  private final Clock clock;
  private final Freshness freshness;

  public RoutingApi(Node node, Clock clock) {
    this.node = node;
    this.clock = clock;
    this.freshness =
        node.pg()
            .map(
                pg ->
                    Freshness.of(pg.samplers().get(0).interval(), pg.samplers().get(1).interval()))
            .orElse(Freshness.of(java.time.Duration.ZERO, java.time.Duration.ZERO));
  }

  /** Adds the routes (replacing {@code /}). */
  public void addRoutes(HttpApi http) {
    http.route(
        "/",
        "Patroni's primary check (the same as /primary); this page for a browser",
        RouteMethods.CHECK,
        req -> root(http, req));
    check(
        http,
        Endpoint.PRIMARY,
        "200 on a writable leader, else 503",
        "/primary",
        "/master",
        "/read-write");
    check(http, Endpoint.LEADER, "the same as /primary (pgvitals holds no leader lock)", "/leader");
    check(
        http,
        Endpoint.STANDBY_LEADER,
        "always 503: pgvitals does not know standby clusters",
        "/standby-leader",
        "/standby_leader");
    check(
        http,
        Endpoint.REPLICA,
        "200 on a running replica (?lag=16MB or ?lag=10s, ?replication_state=streaming), else 503",
        "/replica");
    check(http, Endpoint.READ_ONLY, "200 on the leader or as /replica", "/read-only");
    check(
        http,
        Endpoint.SYNC,
        "200 on a replica the leader lists as sync (as /replica)",
        "/sync",
        "/synchronous");
    check(
        http,
        Endpoint.QUORUM,
        "200 on a replica the leader lists as quorum (as /replica)",
        "/quorum");
    check(
        http,
        Endpoint.ASYNC,
        "200 on a replica the leader lists as async or potential (as /replica)",
        "/async",
        "/asynchronous");
    check(
        http,
        Endpoint.READ_ONLY_SYNC,
        "200 on the leader or as /sync",
        "/read-only-sync",
        "/read-only-synchronous");
    check(http, Endpoint.READ_ONLY_QUORUM, "200 on the leader or as /quorum", "/read-only-quorum");
    check(http, Endpoint.HEALTH, "200 while PostgreSQL answers, else 503", "/health");
    check(
        http,
        Endpoint.READINESS,
        "200 on the leader or a streaming replica within ?lag (default 1MB; ?mode=write|apply), else 503",
        "/readiness");
    http.route(
        "/liveness",
        "200 while the agent runs",
        RouteMethods.CHECK,
        req -> Response.text(200, "alive\n"));
  }

  private void check(HttpApi http, Endpoint endpoint, String description, String... paths) {
    for (String path : paths) {
      http.route(
          path,
          description,
          RouteMethods.CHECK,
          req -> {
            Answer a = answer(endpoint, req);
            return Response.text(a.status(), a.reason() + "\n");
          });
    }
  }

  private Response root(HttpApi http, HttpServerRequest req) {
    Answer a = answer(Endpoint.PRIMARY, req);
    if (wantsHtml(req.getHeader(HttpHeaders.ACCEPT))) {
      return http.landingPage(a.status(), a.reason());
    }
    return Response.text(a.status(), a.reason() + "\n");
  }

  /**
   * True when an {@code Accept} header names {@code text/html} (browsers do; health checkers
   * don't).
   */
  static boolean wantsHtml(String accept) {
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
  }

  /** The answer of {@code endpoint} to this request, from the latest samples. */
  public Answer answer(Endpoint endpoint, HttpServerRequest req) {
    Query query = query(endpoint, req);
    if (node.pg().isEmpty()) {
      return new Answer(503, Node.PG_NOT_CONFIGURED);
    }
    PgMonitoring pg = node.pg().get();
    return RoutingCheck.answer(endpoint, query, pg.fast(), pg.leader(), clock.instant(), freshness);
  }

  private static Query query(Endpoint endpoint, HttpServerRequest req) {
    boolean usesReplicaParams =
        switch (endpoint) {
          case PRIMARY, LEADER, STANDBY_LEADER, HEALTH -> false;
          default -> true;
        };
    if (!usesReplicaParams) {
      return Query.NONE;
    }
    LagLimit lag;
    try {
      lag = LagLimits.parse(req.getParam("lag"));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    List<String> tags = new ArrayList<>();
    for (String name : req.params().names()) {
      if (name.startsWith("tag_")) {
        tags.add(name.substring(4));
      }
    }
    return new Query(
        lag,
        Optional.ofNullable(req.getParam("replication_state")),
        tags,
        "write".equals(req.getParam("mode")));
  }
}
