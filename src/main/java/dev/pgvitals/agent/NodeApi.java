package dev.pgvitals.agent;

import dev.pgvitals.check.SampleFreshness;
import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.CheckStatus;
import dev.pgvitals.cluster.CheckType;
import dev.pgvitals.cluster.DatabaseInfo;
import dev.pgvitals.cluster.NodeEvent;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.cluster.UserInfo;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.http.HttpApi;
import dev.pgvitals.http.HttpApi.Response;
import dev.pgvitals.postgres.PgCatalogSampler.Catalog;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.Role;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent tells the cluster client and load balancers, all from the latest samples:
 *
 * <ul>
 *   <li>{@code /v1/node}: identity, the three check results with the time of their last change,
 *       recent events and {@code [HEALTHCHECK]} lines (views.md);
 *   <li>{@code /v1/users}, {@code /v1/databases}: who may connect where (who may ask is {@link
 *       dev.pgvitals.http.Access}'s business);
 *   <li>the load-balancer endpoints in Patroni's convention ({@code /primary}, {@code /replica},
 *       {@code /health}, …): {@link RoutingApi}.
 * </ul>
 */
public final class NodeApi {

  private final AgentConfig config;
  private final Node node;
  private final Clock clock;
  private final Instant agentStart;
  private final String hostName;
  private final CheckType checkType;
  private final EventRing<NodeEvent> events = new EventRing<>(NodeReport.MAX_EVENTS);
  private final EventRing<String> logs;
  private final Map<String, CheckReport> checks = new LinkedHashMap<>();

  /**
   * Each suite's report as of its latest [HEALTHCHECK] line: what {@link FleetCollector} exposes.
   */
  private final Map<String, CheckReport> published = new LinkedHashMap<>();

  private Instant postmasterStart;
  private int restarts;
  private Role role;

  public NodeApi(AgentConfig config, Node node, SuiteMonitor monitor, Clock clock) {
    this.config = config;
    this.node = node;
    this.clock = clock;
    // at least an hour of [HEALTHCHECK] lines at the monitor's cadence
    this.logs =
        new EventRing<>(
            HealthcheckCadence.recentLines(monitor.suites().size(), monitor.logInterval()));
    this.agentStart = clock.instant();
    this.hostName = hostName();
    this.checkType =
        config
            .identity()
            .checkType()
            .map(CheckType::parse)
            .orElse(CheckReport.defaultType(config.format()));
    events.add(new NodeEvent(agentStart, "Started", "pgvitals " + Version.current() + " started"));
    monitor.onEvaluated(this::evaluated);
    node.pg().ifPresent(pg -> pg.fast().onSample(this::fastSampled));
  }

  /** Adds this API's routes. */
  public void addRoutes(HttpApi http) {
    http.route(
        "/v1/node",
        "this node's identity, checks, events and logs as JSON",
        req -> json(report().toJson().encode()));
    http.route(
        "/v1/users",
        "login roles and the databases they may connect to (JSON)",
        req -> {
          return catalog()
              .map(c -> json(UserInfo.toJson(users(c)).encode()))
              .orElseGet(() -> Response.text(503, catalogProblem() + "\n"));
        });
    http.route(
        "/v1/databases",
        "databases and the roles that may connect to them (JSON)",
        req -> {
          return catalog()
              .map(c -> json(DatabaseInfo.toJson(databases(c)).encode()))
              .orElseGet(() -> Response.text(503, catalogProblem() + "\n"));
        });
    new RoutingApi(node, clock).addRoutes(http);
  }

  // ---- node report -----------------------------------------------------------------------------

  private synchronized void evaluated(SuiteMonitor.Evaluation e) {
    CheckReport previous = checks.get(e.suite());
    CheckReport report =
        new CheckReport(
            e.suite(),
            e.state().passing() ? CheckStatus.PASSING : CheckStatus.CRITICAL,
            e.state().output(),
            e.state().changed(),
            checkType);
    checks.put(e.suite(), report);
    if (e.loggedLine() != null) {
      logs.add(HealthcheckLogLine.line(e.at(), e.loggedLine()));
      published.put(e.suite(), report);
    }
    if (e.statusChanged() && previous != null) {
      events.add(
          new NodeEvent(
              e.at(),
              "Check",
              e.suite() + " is now " + (e.result().passed() ? "passing" : "critical")));
    }
    Optional<Role> now = e.result().role();
    if (now.isPresent() && now.get() != role) {
      if (role != null) {
        events.add(
            new NodeEvent(
                e.at(), "Role", "role changed from " + role.word() + " to " + now.get().word()));
      }
      role = now.get();
    }
  }

  private synchronized void fastSampled(Sample<PgFastSnapshot> s) {
    if (!s.ok()) {
      return;
    }
    Instant start = s.value().postmasterStartTime();
    if (postmasterStart == null) {
      events.add(
          new NodeEvent(start, "Started", "PostgreSQL " + s.value().serverVersion() + " running"));
    } else if (!postmasterStart.equals(start)) {
      restarts++;
      events.add(new NodeEvent(start, "Restarted", "PostgreSQL restarted"));
    }
    postmasterStart = start;
  }

  /**
   * What the node id is hashed from (with the host name) when neither {@code --node-id} nor {@code
   * FLY_ALLOC_ID} gives one: the agent's configuration — its listen address and the PostgreSQL it
   * monitors (redacted URL) — never anything read from a live server, so the id is the same before,
   * during and after a PostgreSQL outage and across agent restarts, and two agents on one host
   * (which cannot share a listen address) never share one.
   */
  private String identityKey() {
    return "listen="
        + config.listen().host()
        + ":"
        + config.listen().port()
        + " pg="
        + node.pg().map(p -> p.localSettings().display()).orElse("-");
  }

  /** The node's report as the client reads it. */
  public synchronized NodeReport report() {
    return NodeReport.of(identity(), inSuiteOrder(checks), events.snapshot(), logs.snapshot());
  }

  /**
   * The report as {@link FleetCollector} exposes it to Prometheus: identity, and each suite as of
   * its latest {@code [HEALTHCHECK]} line (status and failing checks are always current, numbers in
   * the text at most one log interval old); no events or logs.
   */
  public synchronized NodeReport publishedReport() {
    return NodeReport.of(identity(), inSuiteOrder(published), List.of(), List.of());
  }

  private NodeIdentity identity() {
    AgentConfig.Identity id = config.identity();
    return NodeIdentity.resolve(
            new NodeIdentity.Flags(
                id.nodeId().orElse(null),
                id.region().orElse(null),
                id.app().orElse(null),
                id.versionLabel().orElse(null)),
            System.getenv(),
            hostName,
            identityKey(),
            Version.current(),
            agentStart)
        .withPostmaster(postmasterStart == null ? agentStart : postmasterStart, restarts)
        .withRole(role == null ? null : role.word());
  }

  /** vm, pg, role, then further suites (risk). */
  private static List<CheckReport> inSuiteOrder(Map<String, CheckReport> checks) {
    List<CheckReport> list = new ArrayList<>();
    for (String suite : NodeReport.SUITES) {
      CheckReport c = checks.get(suite);
      if (c != null) {
        list.add(c);
      }
    }
    checks.forEach(
        (suite, c) -> {
          if (!NodeReport.SUITES.contains(suite)) {
            list.add(c);
          }
        });
    return list;
  }

  // ---- users and databases ---------------------------------------------------------------------

  private Optional<Catalog> catalog() {
    return node.catalog().flatMap(c -> fresh(c, node.catalogMaxAge()));
  }

  private String catalogProblem() {
    if (node.catalog().isEmpty()) {
      return Node.PG_NOT_CONFIGURED;
    }
    return "catalog not available: "
        + SampleFreshness.judge(node.catalog().get(), node.catalogMaxAge(), clock.instant())
            .problem();
  }

  private static List<UserInfo> users(Catalog c) {
    return c.roles().stream()
        .map(r -> new UserInfo(r.name(), r.superuser(), r.databases()))
        .toList();
  }

  private static List<DatabaseInfo> databases(Catalog c) {
    return c.databases().stream().map(d -> new DatabaseInfo(d.name(), d.users())).toList();
  }

  // ---- samples
  // -----------------------------------------------------------------------------------

  private Optional<PgFastSnapshot> pgFast() {
    return node.pg().flatMap(pg -> fresh(pg.fast(), node.pgMaxAge()));
  }

  private <T> Optional<T> fresh(LatestSample<T> latest, Duration maxAge) {
    SampleFreshness.Result<T> r = SampleFreshness.judge(latest, maxAge, clock.instant());
    return r.usable() ? Optional.of(r.sample().value()) : Optional.empty();
  }

  private static Response json(String body) {
    return new Response(200, "application/json; charset=utf-8", body);
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).strip();
    } catch (java.io.IOException | RuntimeException e) {
      return "localhost";
    }
  }
}
