package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options of the client commands ({@code checks list}, {@code status}, {@code vm status}, {@code
 * users list}, {@code db list}): where the nodes are, how long to wait for each, and how to print.
 */
final class ClientOptions {

  static final String ENV_NODES = "PGVITALS_NODES";
  static final int DEFAULT_PORT = 5500;

  @Option(
      names = "--nodes",
      paramLabel = "HOST:PORT,...",
      description =
          "The agents to ask, e.g. 10.0.0.5:5500,10.0.0.6:5500 (env "
              + ENV_NODES
              + "; a missing port is --port).")
  String nodes;

  @Option(
      names = "--app-host",
      paramLabel = "NAME",
      description =
          "A DNS name that resolves to every node, e.g. pg-app.internal; each address is asked on --port.")
  String appHost;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + DEFAULT_PORT,
      description =
          "The agents' port for --app-host and for --nodes entries without one (default 5500).")
  int port;

  @Option(
      names = "--app",
      paramLabel = "NAME",
      description =
          "Name shown in titles (default: the app the nodes report). With --prometheus: the one app "
              + "(cluster) to show, else every app the store knows, one after the other.")
  String app;

  static final String ENV_PROMETHEUS_TOKEN = "PGVITALS_PROMETHEUS_TOKEN";

  @Option(
      names = "--prometheus",
      paramLabel = "URL",
      description = {
        "Read checks list, status and vm status from a Prometheus-compatible store that scrapes the "
            + "agents (Prometheus, Thanos, Mimir, VictoriaMetrics: its /api/v1/query) instead of asking each node, "
            + "e.g. http://prometheus:9090 or https://mimir.example/prometheus. Data is as old as the scrape "
            + "interval; no events or log lines (docs/fleet-views.md).",
        "User info in the URL (https://user:pass@host; it shows in ps) is sent as basic auth, else env "
            + ENV_PROMETHEUS_TOKEN
            + " as a bearer token; --tls-ca-file and --tls-cert-file/--tls-key-file apply, --api-token and "
            + "--basic-auth-user do not (they are the agents')."
      })
  String prometheus;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Converters.DurationConverter.class,
      description =
          "How long each node may take to answer (default 5s); a node that does not is shown critical. "
              + "With --prometheus: how long each of its two queries may take.")
  Duration deadline;

  @Option(
      names = "--api-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:PGVITALS_API_TOKEN}",
      description =
          "Sent as 'Authorization: Bearer TOKEN' (env PGVITALS_API_TOKEN; prefer the variable: "
              + "flags show in ps). Needed for users and databases when the agents run with --api-token.")
  String apiToken;

  @picocli.CommandLine.Mixin ClientTlsOptions tls = new ClientTlsOptions();

  @Option(names = "--json", description = "Print the gathered data as JSON instead of the table.")
  boolean json;

  /**
   * Where the nodes are: a list of addresses, or a DNS name and port, or a Prometheus that scrapes
   * them.
   */
  sealed interface Target permits Listed, Dns, Prometheus {}

  /** A Prometheus-compatible store, optionally one app of it. */
  record Prometheus(String url, Optional<String> app) implements Target {
    @Override
    public String toString() {
      return "Prometheus[app=" + app + "]"; // the URL may hold credentials
    }
  }

  record Listed(List<NodeAddress> nodes) implements Target {}

  record Dns(String name, int port) implements Target {}

  /**
   * The nodes to ask, from {@code --nodes}, else {@code --app-host}, else {@code PGVITALS_NODES}.
   *
   * @throws IllegalArgumentException (one line, exit 2) when none or both are given, or an address
   *     or value is bad
   */
  Target target(Optional<String> envNodes) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be 1-65535, was " + port);
    }
    if (deadline.toMillis() < 1) {
      throw new IllegalArgumentException("--deadline must be at least 1ms");
    }
    boolean haveNodes = nodes != null && !nodes.isBlank();
    boolean haveHost = appHost != null && !appHost.isBlank();
    if (haveNodes && haveHost) {
      throw new IllegalArgumentException("give either --nodes or --app-host, not both");
    }
    if (prometheus != null) {
      if (haveNodes || haveHost) {
        throw new IllegalArgumentException(
            "give either --prometheus or " + (haveNodes ? "--nodes" : "--app-host") + ", not both");
      }
      if (prometheus.isBlank()) {
        throw new IllegalArgumentException("--prometheus: empty URL");
      }
      return new Prometheus(
          prometheus.trim(), Optional.ofNullable(app).map(String::trim).filter(a -> !a.isEmpty()));
    }
    if (haveHost) {
      return new Dns(appHost.trim(), port);
    }
    String csv = haveNodes ? nodes : envNodes.filter(s -> !s.isBlank()).orElse(null);
    if (csv == null) {
      throw new IllegalArgumentException(
          "no nodes: give --nodes HOST:PORT,... or --app-host NAME (or set " + ENV_NODES + ")");
    }
    try {
      return new Listed(NodeAddress.parseList(csv, port));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (haveNodes ? "--nodes: " : ENV_NODES + ": ") + e.getMessage());
    }
  }

  Optional<String> token() {
    return apiToken == null || apiToken.isBlank() ? Optional.empty() : Optional.of(apiToken.trim());
  }

  /**
   * HTTPS, basic auth or the token, as {@link ClientTlsOptions} says; bad values are one line (exit
   * 2).
   */
  ClientSession.Transport transport() {
    return new ClientSession.Transport(tls.httpOptions(), tls.headers(token(), System.getenv()));
  }
}
