package dev.pgvitals.postgres;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * PostgreSQL options of the agent and CLI, as plain values (the CLI maps its flags onto this).
 *
 * @param pgUrl {@code --pg-url}: URL or key=value conninfo of the local node; null = use {@code
 *     DATABASE_URL} / {@code PG*}
 * @param leaderUrl {@code --leader-url}: the leader, explicitly; null = discover
 * @param peers {@code --peers}: names (or one DNS name with several addresses) to search for the
 *     writable leader, parsed by the CLI; empty = use the replica's {@code primary_conninfo}
 * @param connectTimeout {@code --pg-connect-timeout} (default 3 s): TCP connect and pool acquire
 * @param statementTimeout server-side {@code statement_timeout} of pgvitals' sessions (default 2 s)
 * @param fastInterval {@code --pg-fast-interval} (default 5 s): the {@code pg_fast} sampler
 * @param leaderInterval the {@code pg_leader} sampler (default 5 s)
 * @param exporterNames {@code --pg-exporter-names} (default both): whether postgres_exporter
 *     0.11+'s second generation of names is emitted beside the seed's
 * @param tableStatsDatabases {@code --pg-table-stats-databases}: the databases whose {@code
 *     pg_stat_user_tables} / {@code pg_statio_user_tables} are sampled, each on its own connection
 *     ({@link PgTableStatsSampler}); empty (default) = the connected database only, in the {@code
 *     pg_stats} round
 */
public record PgConfig(
    String pgUrl,
    String leaderUrl,
    List<LeaderCandidates.Peer> peers,
    Duration connectTimeout,
    Duration statementTimeout,
    Duration fastInterval,
    Duration leaderInterval,
    ExporterNames exporterNames,
    List<String> tableStatsDatabases) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(2);

  public PgConfig {
    peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(fastInterval, "fastInterval");
    Objects.requireNonNull(leaderInterval, "leaderInterval");
    Objects.requireNonNull(exporterNames, "exporterNames");
    tableStatsDatabases =
        List.copyOf(Objects.requireNonNull(tableStatsDatabases, "tableStatsDatabases"));
    if (tableStatsDatabases.size() > PgTableStatsSampler.MAX_DATABASES) {
      throw new IllegalArgumentException(
          "at most " + PgTableStatsSampler.MAX_DATABASES + " databases for table statistics");
    }
    for (Duration d : List.of(connectTimeout, statementTimeout, fastInterval, leaderInterval)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("PostgreSQL timeouts and intervals must be positive");
      }
    }
  }

  /** Every option at its default: local node from the environment, leader discovered. */
  public static PgConfig defaults() {
    return new PgConfig(
        null,
        null,
        List.of(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_STATEMENT_TIMEOUT,
        PgFastSampler.DEFAULT_INTERVAL,
        PgLeaderSampler.DEFAULT_INTERVAL,
        ExporterNames.BOTH,
        List.of());
  }

  public PgConfig withPgUrl(String url) {
    return new PgConfig(
        url,
        leaderUrl,
        peers,
        connectTimeout,
        statementTimeout,
        fastInterval,
        leaderInterval,
        exporterNames,
        tableStatsDatabases);
  }

  public PgConfig withLeaderUrl(String url) {
    return new PgConfig(
        pgUrl,
        url,
        peers,
        connectTimeout,
        statementTimeout,
        fastInterval,
        leaderInterval,
        exporterNames,
        tableStatsDatabases);
  }

  public PgConfig withPeers(List<LeaderCandidates.Peer> p) {
    return new PgConfig(
        pgUrl,
        leaderUrl,
        p,
        connectTimeout,
        statementTimeout,
        fastInterval,
        leaderInterval,
        exporterNames,
        tableStatsDatabases);
  }

  public PgConfig withConnectTimeout(Duration d) {
    return new PgConfig(
        pgUrl,
        leaderUrl,
        peers,
        d,
        statementTimeout,
        fastInterval,
        leaderInterval,
        exporterNames,
        tableStatsDatabases);
  }

  public PgConfig withIntervals(Duration fast, Duration leader) {
    return new PgConfig(
        pgUrl,
        leaderUrl,
        peers,
        connectTimeout,
        statementTimeout,
        fast,
        leader,
        exporterNames,
        tableStatsDatabases);
  }

  public PgConfig withExporterNames(ExporterNames names) {
    return new PgConfig(
        pgUrl,
        leaderUrl,
        peers,
        connectTimeout,
        statementTimeout,
        fastInterval,
        leaderInterval,
        names,
        tableStatsDatabases);
  }

  public PgConfig withTableStatsDatabases(List<String> databases) {
    return new PgConfig(
        pgUrl,
        leaderUrl,
        peers,
        connectTimeout,
        statementTimeout,
        fastInterval,
        leaderInterval,
        exporterNames,
        databases);
  }

  @Override
  public String toString() {
    // the URLs may hold passwords
    return "PgConfig[pgUrl="
        + (pgUrl == null ? "-" : "(set)")
        + ", leaderUrl="
        + (leaderUrl == null ? "-" : "(set)")
        + ", peers="
        + peers
        + ", connectTimeout="
        + connectTimeout
        + ", statementTimeout="
        + statementTimeout
        + ", fastInterval="
        + fastInterval
        + ", leaderInterval="
        + leaderInterval
        + ", exporterNames="
        + exporterNames.label()
        + ", tableStatsDatabases="
        + tableStatsDatabases
        + "]";
  }
}
