package dev.pgvitals.agent;

import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.SampleFreshness;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.http.HttpApi;
import dev.pgvitals.http.HttpApi.BadRequest;
import dev.pgvitals.http.HttpApi.Response;
import dev.pgvitals.postgres.PgCatalogSampler.Catalog;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.postgres.ReplicationLag;
import dev.pgvitals.postgres.SplitBrain;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.CheckType;
import dev.pgvitals.cluster.DatabaseInfo;
import dev.pgvitals.cluster.NodeEvent;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.cluster.UserInfo;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent tells the cluster client and load balancers, all from the latest samples:
 *
 * <ul>
 *   <li>{@code /v1/node}: identity, the three check results with the time of their last change,
 *       recent events and {@code [HEALTHCHECK]} lines (views.md);
 *   <li>{@code /v1/users}, {@code /v1/databases}: who may connect where (bearer token when
 *       {@code --api-token} is set);
 *   <li>routing in Patroni's convention: {@code /leader} (= {@code /primary}), {@code /replica}
 *       ({@code ?lag=10s} or {@code ?lag=16MB}), {@code /health}, {@code /liveness}: 200 or 503.
 * </ul>
 */
public final class NodeApi {

  private static final Pattern LAG = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|ms|s|m|h)?",
      Pattern.CASE_INSENSITIVE);

  private final AgentConfig config;
  private final Node node;
  private final Clock clock;
  private final Instant agentStart;
  private final String hostName;
  private final CheckType checkType;
  private final EventRing<NodeEvent> events = new EventRing<>(NodeReport.MAX_EVENTS);
  private final EventRing<String> logs = new EventRing<>(NodeReport.MAX_LOG_LINES);
  private final Map<String, CheckReport> checks = new LinkedHashMap<>();
  private Instant postmasterStart;
  private int restarts;
  private String role;

  public NodeApi(AgentConfig config, Node node, SuiteMonitor monitor, Clock clock) {
    this.config = config;
    this.node = node;
    this.clock = clock;
    this.agentStart = clock.instant();
    this.hostName = hostName();
    this.checkType = config.identity().checkType().map(CheckType::parse)
        .orElse(CheckReport.defaultType(config.format()));
    events.add(new NodeEvent(agentStart, "Started", "pgvitals " + Version.current() + " started"));
    monitor.onEvaluated(this::evaluated);
    node.pg().ifPresent(pg -> pg.fast().onSample(this::fastSampled));
  }

  /** Adds this API's routes. */
  public void addRoutes(HttpApi http) {
    http.route("/v1/node", "this node's identity, checks, events and logs as JSON", req -> json(report().toJson().encode()));
    http.route("/v1/users", "login roles and the databases they may connect to (JSON)", req -> {
      authorize(req);
      return catalog().map(c -> json(UserInfo.toJson(users(c)).encode()))
          .orElseGet(() -> Response.text(503, catalogProblem() + "\n"));
    });
    http.route("/v1/databases", "databases and the roles that may connect to them (JSON)", req -> {
      authorize(req);
      return catalog().map(c -> json(DatabaseInfo.toJson(databases(c)).encode()))
          .orElseGet(() -> Response.text(503, catalogProblem() + "\n"));
    });
    http.route("/leader", "200 on a writable leader, else 503", req -> leader());
    http.route("/primary", "the same as /leader", req -> leader());
    http.route("/replica", "200 on a healthy streaming replica (?lag=10s or ?lag=16MB), else 503",
        req -> replica(req.getParam("lag")));
    http.route("/health", "200 while PostgreSQL answers, else 503", req -> health());
    http.route("/liveness", "200 while the agent runs", req -> Response.text(200, "alive\n"));
  }

  // ---- node report -----------------------------------------------------------------------------

  private synchronized void evaluated(SuiteMonitor.Evaluation e) {
    CheckReport previous = checks.get(e.suite());
    checks.put(e.suite(), CheckReport.from(e.result(), config.format(), checkType, previous, e.at()));
    if (e.loggedLine() != null) {
      logs.add(HealthcheckLogLine.line(e.at(), e.loggedLine()));
    }
    if (e.statusChanged() && previous != null) {
      events.add(new NodeEvent(e.at(), "Check", e.suite() + " is now " + (e.result().passed() ? "passing" : "critical")));
    }
    if (e.suite().equals("role") && e.result().passed()) {
      String word = e.result().checks().stream().map(CheckResult::seedText).findFirst().orElse(null);
      if (word != null && !word.equals(role)) {
        if (role != null) {
          events.add(new NodeEvent(e.at(), "Role", "role changed from " + role + " to " + word));
        }
        role = word;
      }
    }
  }

  private synchronized void fastSampled(Sample<PgFastSnapshot> s) {
    if (!s.ok()) {
      return;
    }
    Instant start = s.value().postmasterStartTime();
    if (postmasterStart == null) {
      events.add(new NodeEvent(start, "Started", "PostgreSQL " + s.value().serverVersion() + " running"));
    } else if (!postmasterStart.equals(start)) {
      restarts++;
      events.add(new NodeEvent(start, "Restarted", "PostgreSQL restarted"));
    }
    postmasterStart = start;
  }

  /**
   * What the node id is hashed from (with the host name) when neither {@code --node-id} nor
   * {@code FLY_ALLOC_ID} gives one: the agent's configuration — its listen address and the
   * PostgreSQL it monitors (redacted URL) — never anything read from a live server, so the id is
   * the same before, during and after a PostgreSQL outage and across agent restarts, and two
   * agents on one host (which cannot share a listen address) never share one.
   */
  private String identityKey() {
    return "listen=" + config.listen().host() + ":" + config.listen().port()
        + " pg=" + node.pg().map(p -> p.localSettings().display()).orElse("-");
  }

  /** The node's report as the client reads it. */
  public synchronized NodeReport report() {
    AgentConfig.Identity id = config.identity();
    NodeIdentity identity = NodeIdentity.resolve(
            new NodeIdentity.Flags(id.nodeId().orElse(null), id.region().orElse(null), id.app().orElse(null),
                id.versionLabel().orElse(null)),
            System.getenv(), hostName, identityKey(), Version.current(), agentStart)
        .withPostmaster(postmasterStart == null ? agentStart : postmasterStart, restarts)
        .withRole(role);
    List<CheckReport> list = new ArrayList<>();
    for (String suite : NodeReport.SUITES) {
      CheckReport c = checks.get(suite);
      if (c != null) {
        list.add(c);
      }
    }
    return NodeReport.of(identity, list, events.snapshot(), logs.snapshot());
  }

  // ---- users and databases ---------------------------------------------------------------------

  private void authorize(HttpServerRequest req) {
    Optional<String> token = config.apiToken();
    if (token.isEmpty()) {
      return;
    }
    String header = req.getHeader(HttpHeaders.AUTHORIZATION);
    String expected = "Bearer " + token.get();
    boolean ok = header != null && MessageDigest.isEqual(
        header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      req.response().putHeader("WWW-Authenticate", "Bearer");
      throw new Unauthorized();
    }
  }

  /** Thrown for a 401; the message is the one-line reason. */
  public static final class Unauthorized extends BadRequest {
    Unauthorized() {
      super(401, "unauthorized: this endpoint needs 'Authorization: Bearer <api token>'");
    }
  }

  private Optional<Catalog> catalog() {
    return node.catalog().flatMap(c -> fresh(c, node.catalogMaxAge()));
  }

  private String catalogProblem() {
    if (node.catalog().isEmpty()) {
      return Node.PG_NOT_CONFIGURED;
    }
    return "catalog not available: " + SampleFreshness.judge(node.catalog().get(), node.catalogMaxAge(),
        clock.instant()).problem();
  }

  private static List<UserInfo> users(Catalog c) {
    return c.roles().stream().map(r -> new UserInfo(r.name(), r.superuser(), r.databases())).toList();
  }

  private static List<DatabaseInfo> databases(Catalog c) {
    return c.databases().stream().map(d -> new DatabaseInfo(d.name(), d.users())).toList();
  }

  // ---- routing -----------------------------------------------------------------------------------

  private Optional<PgFastSnapshot> pgFast() {
    return node.pg().flatMap(pg -> fresh(pg.fast(), node.pgMaxAge()));
  }

  private <T> Optional<T> fresh(LatestSample<T> latest, Duration maxAge) {
    SampleFreshness.Result<T> r = SampleFreshness.judge(latest, maxAge, clock.instant());
    return r.usable() ? Optional.of(r.sample().value()) : Optional.empty();
  }

  private String pgProblem() {
    return node.pg().map(pg -> "PostgreSQL not readable: "
            + SampleFreshness.judge(pg.fast(), node.pgMaxAge(), clock.instant()).problem())
        .orElse(Node.PG_NOT_CONFIGURED);
  }

  private Response health() {
    return pgFast().map(s -> Response.text(200, "up\n"))
        .orElseGet(() -> Response.text(503, pgProblem() + "\n"));
  }

  private Response leader() {
    Optional<PgFastSnapshot> s = pgFast();
    if (s.isEmpty()) {
      return Response.text(503, pgProblem() + "\n");
    }
    if (s.get().inRecovery()) {
      return Response.text(503, "not the leader: in recovery\n");
    }
    if (s.get().transactionReadOnly()) {
      return Response.text(503, "not writable: transaction_read_only is on\n");
    }
    Optional<String> stale = staleLeader();
    if (stale.isPresent()) {
      return Response.text(503, "split brain: " + stale.get() + "\n");
    }
    return Response.text(200, "leader\n");
  }

  /**
   * The split-brain rule of {@code /leader} and {@code /primary}: while another writable node is
   * seen, only the newest (timeline, then last checkpoint) answers 200 ({@link SplitBrain}).
   */
  private Optional<String> staleLeader() {
    return node.pg().flatMap(pg -> pg.leader().value())
        .flatMap(SplitBrain::of)
        .filter(sb -> !sb.selfIsNewest())
        .map(SplitBrain::text);
  }

  private Response replica(String lagParam) {
    Limit limit = Limit.parse(lagParam);
    if (node.pg().isEmpty()) {
      return Response.text(503, Node.PG_NOT_CONFIGURED + "\n");
    }
    // one reading of the latest sample for every step below
    SampleFreshness.Result<PgFastSnapshot> judged =
        SampleFreshness.judge(node.pg().get().fast(), node.pgMaxAge(), clock.instant());
    if (!judged.usable()) {
      return Response.text(503, "PostgreSQL not readable: " + judged.problem() + "\n");
    }
    Sample<PgFastSnapshot> local = judged.sample();
    if (!local.value().inRecovery()) {
      return Response.text(503, "not a replica: this node is the leader\n");
    }
    Optional<Sample<PgLeaderSnapshot>> leaderSample = node.pg().get().leader().get();
    ReplicationLag lag = ReplicationLag.of(local, leaderSample);
    if (lag.notStreaming().isPresent()) {
      return Response.text(503, "not streaming (" + lag.notStreaming().get() + ")\n");
    }
    if (limit.time() != null && lag.lag().compareTo(limit.time()) > 0) {
      return Response.text(503, "lagging " + dev.pgvitals.gofmt.GoFormat.duration(lag.lag())
          + " behind (allowed " + dev.pgvitals.gofmt.GoFormat.duration(limit.time()) + ")\n");
    }
    if (limit.bytes() != null) {
      OptionalLong behind = bytesBehind(local.value(), leaderSample);
      if (behind.isEmpty()) {
        return Response.text(503, "lag in bytes unknown\n");
      }
      if (behind.getAsLong() > limit.bytes()) {
        return Response.text(503, "lagging " + behind.getAsLong() + " bytes behind (allowed " + limit.bytes() + ")\n");
      }
    }
    return Response.text(200, "replica\n");
  }

  /** The leader's WAL position (when the leader was read) or else the received position, minus replayed. */
  static OptionalLong bytesBehind(PgFastSnapshot local, Optional<Sample<PgLeaderSnapshot>> leader) {
    if (local.replayLsn().isEmpty()) {
      return OptionalLong.empty();
    }
    OptionalLong head = leader.filter(Sample::ok).map(l -> l.value().currentWalLsn()).orElse(OptionalLong.empty());
    if (head.isEmpty()) {
      head = local.receiveLsn();
    }
    return head.isEmpty() ? OptionalLong.empty()
        : OptionalLong.of(Math.max(0, head.getAsLong() - local.replayLsn().getAsLong()));
  }

  /** The allowed lag of {@code /replica}: a duration, a byte count, or none. */
  record Limit(Duration time, Long bytes) {
    static Limit parse(String text) {
      if (text == null || text.isBlank()) {
        return new Limit(null, null);
      }
      Matcher m = LAG.matcher(text.trim());
      if (!m.matches()) {
        throw new BadRequest("bad lag '" + text + "' (expected a duration like 10s or a size like 16MB)");
      }
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
      return switch (unit) {
        case "b" -> new Limit(null, (long) n);
        case "kb" -> new Limit(null, (long) (n * 1024));
        case "mb" -> new Limit(null, (long) (n * 1024 * 1024));
        case "gb" -> new Limit(null, (long) (n * 1024 * 1024 * 1024));
        case "ms" -> new Limit(Duration.ofNanos((long) (n * 1e6)), null);
        case "s" -> new Limit(Duration.ofNanos((long) (n * 1e9)), null);
        case "m" -> new Limit(Duration.ofNanos((long) (n * 60e9)), null);
        default -> new Limit(Duration.ofNanos((long) (n * 3600e9)), null);
      };
    }
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
