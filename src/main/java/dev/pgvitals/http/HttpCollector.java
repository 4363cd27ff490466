package dev.pgvitals.http;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP side's own health, for alerts on floods and on errors:
 *
 * <ul>
 *   <li>{@code pgvitals_http_connections_open}, {@code pgvitals_http_connections_max};
 *   <li>{@code pgvitals_http_connections_accepted_total};
 *   <li>{@code pgvitals_http_connections_closed_total{reason}}: closed by the agent, {@code reason}
 *       one of {@code over_limit}, {@code evicted}, {@code header_timeout}, {@code idle_timeout};
 *   <li>{@code pgvitals_http_requests_rejected_total{code}}: answered with a 4xx;
 *   <li>{@code pgvitals_http_errors_total}: unexpected errors (500s, connection errors), logged or
 *       not.
 * </ul>
 */
final class HttpCollector implements MultiCollector {

  private final ConnectionGuard guard;
  private final ErrorLog errors;
  private final RequestStats stats;

  HttpCollector(ConnectionGuard guard, ErrorLog errors, RequestStats stats) {
    this.guard = guard;
    this.errors = errors;
    this.stats = stats;
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> out = new ArrayList<>();
    Family.gauge("pgvitals_http_connections_open", "Open HTTP connections.")
        .add(guard.openCount())
        .addTo(out);
    Family.gauge(
            "pgvitals_http_connections_max",
            "The limit of open HTTP connections (--web.max-connections).")
        .add(guard.limits().maxConnections())
        .addTo(out);
    // exposed as pgvitals_http_connections_accepted_total
    Family.counter("pgvitals_http_connections_accepted", "HTTP connections accepted.")
        .add(guard.accepted())
        .addTo(out);
    // exposed as pgvitals_http_connections_closed_total
    Family closed =
        Family.counter(
            "pgvitals_http_connections_closed",
            "HTTP connections the agent closed: over the limit, evicted idle for a new one, or timed out.");
    for (ConnectionGuard.Reason r : ConnectionGuard.Reason.values()) {
      closed.add(guard.closed(r), "reason", r.label);
    }
    closed.addTo(out);
    // exposed as pgvitals_http_requests_rejected_total
    Family rejected =
        Family.counter(
            "pgvitals_http_requests_rejected",
            "HTTP requests answered with a 4xx, by status code.");
    stats.rejected().forEach((code, n) -> rejected.add(n, "code", Integer.toString(code)));
    rejected.addTo(out);
    // exposed as pgvitals_http_errors_total
    Family.counter(
            "pgvitals_http_errors",
            "Unexpected HTTP-side errors (500 answers, connection errors), logged or not.")
        .add(errors.total())
        .addTo(out);
    return new MetricSnapshots(out);
  }
}
