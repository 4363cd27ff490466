package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code pg_fast} families, built from the latest samples at scrape time (never a query):
 *
 * <pre>
 * pg_up{server="127.0.0.1:5432"} 1
 * pg_replication_is_replica{server="127.0.0.1:5432"} 0
 * pg_static{server="127.0.0.1:5432",short_version="15.14.0",version="PostgreSQL 15.14 on …"} 1
 * pg_postmaster_start_time_seconds{server="127.0.0.1:5432"} 1.7e9
 * pg_replication_lag{server="127.0.0.1:5432"} 0
 * pg_replication_lag_seconds{server="127.0.0.1:5432"} 0
 * pg_replication_last_replay_seconds{server="127.0.0.1:5432"} 0
 * </pre>
 *
 * {@code pg_up} is always there: 1 when the latest {@code pg_fast} sample succeeded end to end,
 * else 0 (no sample yet, auth failure, refused, timed out). The other families are left out while
 * that sample is failed, so stale numbers never look fresh. {@code pg_replication_lag} follows
 * {@link ReplicationLag} (0 on a leader; no growth on an idle healthy pair).
 *
 * <p>Register with {@code prometheusMeterRegistry.getPrometheusRegistry().register(collector)}.
 */
public final class PgFastCollector implements MultiCollector {

  static final List<String> NAMES =
      List.of(
          "pg_up",
          "pg_replication_is_replica",
          "pg_static",
          "pg_settings_max_connections",
          "pg_settings_superuser_reserved_connections",
          "pg_postmaster_start_time_seconds",
          "pg_replication_lag",
          "pg_replication_lag_seconds",
          "pg_replication_last_replay_seconds");

  private final String server;
  private final LatestSample<PgFastSnapshot> local;
  private final LatestSample<PgLeaderSnapshot> leader;
  private final ExporterNames names;

  /** Both generations of names. */
  public PgFastCollector(
      String server, LatestSample<PgFastSnapshot> local, LatestSample<PgLeaderSnapshot> leader) {
    this(server, local, leader, ExporterNames.BOTH);
  }

  /**
   * @param server the local node's {@code host:port} ({@link PgConnectionSettings#serverLabel()})
   * @param local the {@code pg_fast} sampler's latest sample
   * @param leader the {@code pg_leader} sampler's latest sample (lag cross-check), or null
   * @param names with {@link ExporterNames#SEED}, {@code pg_replication_lag_seconds} and {@code
   *     pg_replication_last_replay_seconds} (second generation) are left out
   */
  public PgFastCollector(
      String server,
      LatestSample<PgFastSnapshot> local,
      LatestSample<PgLeaderSnapshot> leader,
      ExporterNames names) {
    this.server = server;
    this.local = local;
    this.leader = leader;
    this.names = names;
  }

  @Override
  public MetricSnapshots collect() {
    Optional<Sample<PgFastSnapshot>> latest = local.get();
    boolean up = latest.map(Sample::ok).orElse(false);
    List<MetricSnapshot> out = new ArrayList<>();
    gauge(
        "pg_up",
        "Whether the last sample of the local PostgreSQL node succeeded end to end (1) or not (0).",
        up ? 1 : 0,
        out);
    if (up) {
      Sample<PgFastSnapshot> sample = latest.get();
      PgFastSnapshot s = sample.value();
      gauge(
          "pg_replication_is_replica",
          "Whether the node is a replica in recovery (1) or the leader (0).",
          s.inRecovery() ? 1 : 0,
          out);
      Family.gauge("pg_static", "PostgreSQL version information; always 1.")
          .add(1, "server", server, "short_version", s.shortVersion(), "version", s.version())
          .addTo(out);
      gauge(
          "pg_settings_max_connections",
          "Server setting max_connections.",
          s.maxConnections(),
          out);
      gauge(
          "pg_settings_superuser_reserved_connections",
          "Server setting superuser_reserved_connections.",
          s.reservedConnections(),
          out);
      gauge(
          "pg_postmaster_start_time_seconds",
          "Time the PostgreSQL postmaster started, in Unix epoch seconds.",
          s.postmasterStartTime().toEpochMilli() / 1000.0,
          out);
      Optional<Sample<PgLeaderSnapshot>> l = leader == null ? Optional.empty() : leader.get();
      ReplicationLag lag = ReplicationLag.of(sample, l);
      gauge(
          "pg_replication_lag",
          "Seconds this node is behind its leader; 0 on the leader and on a replica that"
              + " has replayed everything it received.",
          lag.lag().toNanos() / 1e9,
          out);
      if (!names.secondGeneration()) {
        return new MetricSnapshots(out);
      }
      // postgres_exporter 0.11+ names: the same lag (its own rule gives 0 when all received WAL is
      // replayed, else the age of the last replayed transaction, which grows on an idle pair; this
      // one does not) and the age of the last replayed transaction, GREATEST(0, now() -
      // pg_last_xact_replay_timestamp()): 0 on a leader and before the first replay, as upstream.
      gauge(
          "pg_replication_lag_seconds",
          "Seconds this node is behind its leader (the value of pg_replication_lag).",
          lag.lag().toNanos() / 1e9,
          out);
      double lastReplay =
          s.lastXactReplay()
              .map(t -> Math.max(0, java.time.Duration.between(t, s.serverNow()).toNanos() / 1e9))
              .orElse(0.0);
      gauge(
          "pg_replication_last_replay_seconds",
          "Seconds since the last transaction replayed on this node; 0 on a leader and before the first replay.",
          lastReplay,
          out);
    }
    return new MetricSnapshots(out);
  }

  @Override
  public List<String> getPrometheusNames() {
    return names.secondGeneration() ? NAMES : NAMES.subList(0, NAMES.size() - 2);
  }

  private void gauge(String name, String help, double value, List<MetricSnapshot> out) {
    Family.gauge(name, help).add(value, "server", server).addTo(out);
  }
}
