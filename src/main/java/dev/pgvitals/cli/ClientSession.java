package dev.pgvitals.cli;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.ClusterClient;
import dev.pgvitals.cluster.NodeAddress;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.fleet.FleetApp;
import dev.pgvitals.fleet.FleetSource;
import dev.pgvitals.fleet.PrometheusClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of the cluster views, blocking, for commands: gathers {@code /v1/node} from every
 * node through a {@link ClusterClient} (concurrently, each node within the deadline) and reads the
 * leader's users and databases. {@code pgvitals demo} uses it too.
 */
final class ClientSession implements AutoCloseable {

  /**
   * Slack on top of the per-node deadline before a blocking wait gives up (never reached in
   * practice).
   */
  private static final Duration SLACK = Duration.ofSeconds(5);

  /** One node: the address asked and what came back (an unreachable report if nothing usable). */
  record Answer(NodeAddress address, NodeReport report) {}

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final ClusterClient client;
  private final Duration deadline;

  /** HTTP client options (TLS) and the headers sent with every request (credentials). */
  record Transport(io.vertx.core.http.HttpClientOptions options, Map<String, String> headers) {
    @Override
    public String toString() {
      return "Transport[ssl=" + options.isSsl() + "]"; // the headers hold credentials
    }
  }

  /** A session on its own small Vert.x instance, closed with the session. */
  static ClientSession open(Duration deadline, Optional<String> token) {
    // NIO: the client talks HTTP only (native epoll is for the agent's PostgreSQL Unix sockets)
    return new ClientSession(
        Vertx.vertx(AgentCommand.smallVertx().setPreferNativeTransport(false)),
        true,
        deadline,
        token);
  }

  /** A session on its own small Vert.x instance speaking as {@code transport} says. */
  static ClientSession open(Duration deadline, Transport transport) {
    // NIO, as above: with epoll a refused connection reads "finishConnect(..) failed"
    return new ClientSession(
        Vertx.vertx(AgentCommand.smallVertx().setPreferNativeTransport(false)),
        true,
        deadline,
        transport);
  }

  /** A session on the caller's Vert.x instance (the demo's). */
  static ClientSession on(Vertx vertx, Duration deadline, Optional<String> token) {
    return new ClientSession(vertx, false, deadline, token);
  }

  private ClientSession(Vertx vertx, boolean ownsVertx, Duration deadline, Optional<String> token) {
    this(
        vertx,
        ownsVertx,
        deadline,
        new Transport(
            new io.vertx.core.http.HttpClientOptions(),
            token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of())));
  }

  private ClientSession(Vertx vertx, boolean ownsVertx, Duration deadline, Transport transport) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.deadline = deadline;
    this.client =
        new ClusterClient(
            vertx,
            deadline,
            transport.headers(),
            InetAddress::getAllByName,
            Instant::now,
            transport.options());
  }

  /** Every node of the target: listed ones in the order given, DNS ones sorted by node id. */
  List<Answer> gather(ClientOptions.Target target) {
    if (target instanceof ClientOptions.Dns dns) {
      List<NodeAddress> addresses = await(client.resolve(dns.name(), dns.port()));
      List<Answer> answers = new ArrayList<>(gather(addresses));
      answers.sort(Comparator.comparing(a -> a.report().identity().id()));
      return answers;
    }
    if (target instanceof ClientOptions.Listed listed) {
      return gather(listed.nodes());
    }
    throw new IllegalStateException(
        "not an agent target: " + target); // --prometheus is read by fleet()
  }

  /**
   * Every app the store knows (or the one asked for) with its nodes, read with two instant queries
   * within the deadline.
   *
   * @throws IllegalStateException one line: store unreachable, HTTP error, invalid answer, no nodes
   */
  List<FleetApp> fleet(
      ClientOptions.Prometheus store, String token, io.vertx.core.http.HttpClientOptions tls) {
    PrometheusClient prometheus =
        new PrometheusClient(vertx, store.url(), Optional.ofNullable(token), deadline, tls);
    try {
      return await(FleetSource.read(prometheus, store.app(), Instant.now()));
    } finally {
      prometheus.close();
    }
  }

  /** Every listed node, in the order given; never fails. */
  List<Answer> gather(List<NodeAddress> addresses) {
    List<NodeReport> reports = await(client.gather(addresses));
    List<Answer> answers = new ArrayList<>(addresses.size());
    for (int i = 0; i < addresses.size(); i++) {
      answers.add(new Answer(addresses.get(i), reports.get(i)));
    }
    return answers;
  }

  /**
   * The one node whose role is {@code leader}.
   *
   * @throws IllegalStateException (one line) when no node, or more than one, says so
   */
  static Answer leader(List<Answer> answers) {
    List<Answer> leaders =
        answers.stream()
            .filter(a -> a.report().reachable() && "leader".equals(a.report().identity().role()))
            .toList();
    if (leaders.size() == 1) {
      return leaders.get(0);
    }
    if (leaders.isEmpty()) {
      List<String> seen =
          answers.stream()
              .map(
                  a ->
                      a.report().identity().id()
                          + " "
                          + (a.report().reachable()
                              ? Optional.ofNullable(a.report().identity().role()).orElse("starting")
                              : "unreachable"))
              .toList();
      throw new IllegalStateException(
          "no leader among "
              + answers.size()
              + " node"
              + (answers.size() == 1 ? "" : "s")
              + " ("
              + String.join(", ", seen)
              + ")");
    }
    throw new IllegalStateException(
        leaders.size()
            + " nodes say they are the leader: "
            + String.join(
                ", ",
                leaders.stream()
                    .map(a -> a.report().identity().id() + " at " + a.address())
                    .toList()));
  }

  /**
   * GETs a JSON document from the leader.
   *
   * @throws IllegalStateException (one line) naming the leader and the reason, with a hint on 401
   */
  JsonObject fromLeader(Answer leader, String path, String what) {
    try {
      return await(client.getJson(leader.address(), path));
    } catch (IllegalStateException e) {
      String hint =
          e.getMessage().startsWith("HTTP 401")
              ? " (give --api-token or set PGVITALS_API_TOKEN, or --basic-auth-user)"
              : e.getMessage().startsWith("HTTP 403")
                  ? " (the agent serves it on loopback only: configure a credential)"
                  : "";
      throw new IllegalStateException(
          "cannot read "
              + what
              + " from leader "
              + leader.report().identity().id()
              + " at "
              + leader.address()
              + ": "
              + e.getMessage()
              + hint);
    }
  }

  /**
   * Reads and parses a list from the leader ({@code /v1/users}, {@code /v1/databases}).
   *
   * @throws IllegalStateException (one line) when it cannot be read or is not a valid list
   */
  <T> T readFromLeader(
      Answer leader, String path, String what, java.util.function.Function<String, T> parser) {
    JsonObject json = fromLeader(leader, path, what);
    try {
      return parser.apply(json.encode());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "leader "
              + leader.report().identity().id()
              + " at "
              + leader.address()
              + " sent an invalid "
              + e.getMessage());
    }
  }

  static List<NodeReport> reports(List<Answer> answers) {
    return answers.stream().map(Answer::report).toList();
  }

  /** True when every node answered with results and every result is {@code passing}. */
  static boolean allPassing(List<NodeReport> reports) {
    return reports.stream()
        .allMatch(
            r ->
                r.reachable()
                    && !r.checks().isEmpty()
                    && r.checks().stream().allMatch(CheckReport::passing));
  }

  /** {@code --app} if given, else the app the first answering node reports, else the default. */
  static String appName(String given, List<NodeReport> reports) {
    if (given != null && !given.isBlank()) {
      return given.trim();
    }
    return reports.stream()
        .filter(NodeReport::reachable)
        .map(r -> r.identity().app())
        .findFirst()
        .orElse(NodeIdentity.DEFAULT_APP);
  }

  private <T> T await(Future<T> future) {
    try {
      return future.await(deadline.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no answer within " + deadline.plus(SLACK).toMillis() + " ms");
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      String m = e.getMessage();
      throw new IllegalStateException(
          m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m));
    }
  }

  @Override
  public void close() {
    try {
      client.close().await(5, TimeUnit.SECONDS);
      if (ownsVertx) {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    } catch (TimeoutException | RuntimeException e) {
      // exiting anyway
    }
  }
}
