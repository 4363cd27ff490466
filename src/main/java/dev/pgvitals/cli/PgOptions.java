package dev.pgvitals.cli;

import dev.pgvitals.config.HostPort;
import dev.pgvitals.postgres.ExporterNames;
import dev.pgvitals.postgres.LeaderCandidates;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.postgres.PgTableStatsSampler;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** How to reach PostgreSQL: the local node, the leader, and how often to sample. */
final class PgOptions {

  /** Environment variables that, when set, mean "PostgreSQL is configured" (libpq's and ours). */
  static final List<String> CONNECTION_ENV =
      List.of("DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE");

  @Option(
      names = "--pg-url",
      paramLabel = "URL",
      description =
          "Local PostgreSQL as a postgres:// URL or key=value conninfo (else env DATABASE_URL, "
              + "else libpq PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE/PGSSLMODE and ~/.pgpass). "
              + "Without any of them only the vm suite runs.")
  String pgUrl;

  @Option(
      names = "--leader-url",
      paramLabel = "URL",
      defaultValue = "${env:PGVITALS_LEADER_URL}",
      description =
          "The leader, explicitly (env PGVITALS_LEADER_URL; default: discover via --peers, "
              + "else the replica's primary_conninfo).")
  String leaderUrl;

  @Option(
      names = "--peers",
      paramLabel = "HOST[:PORT],...",
      defaultValue = "${env:PGVITALS_PEERS}",
      description =
          "Host names, or one DNS name with several addresses, searched in parallel for the "
              + "writable leader (env PGVITALS_PEERS).")
  String peers;

  @Option(
      names = "--pg-connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_PG_CONNECT_TIMEOUT:-3s}",
      converter = Converters.DurationConverter.class,
      description =
          "Connect and pool-acquire timeout (env PGVITALS_PG_CONNECT_TIMEOUT; default 3s).")
  Duration connectTimeout;

  @Option(
      names = "--pg-fast-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_PG_FAST_INTERVAL:-5s}",
      converter = Converters.DurationConverter.class,
      description =
          "Role, connections and replication state sampling interval, also the leader's "
              + "(env PGVITALS_PG_FAST_INTERVAL; default 5s).")
  Duration fastInterval;

  @Option(
      names = "--pg-stats-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_PG_STATS_INTERVAL:-15s}",
      converter = Converters.DurationConverter.class,
      description = "pg_stat_* sampling interval (env PGVITALS_PG_STATS_INTERVAL; default 15s).")
  Duration statsInterval;

  @Option(
      names = "--pg-sizes-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_PG_SIZES_INTERVAL:-60s}",
      converter = Converters.DurationConverter.class,
      description =
          "Database size sampling interval (env PGVITALS_PG_SIZES_INTERVAL; default 60s).")
  Duration sizesInterval;

  @Option(
      names = "--pg-exporter-names",
      paramLabel = "both|seed",
      defaultValue = "${env:PGVITALS_PG_EXPORTER_NAMES:-both}",
      converter = Converters.ExporterNamesConverter.class,
      description =
          "Which postgres_exporter names to emit: both = the seed's (exporter 0.10) and the 0.11+ "
              + "second generation (pg_stat_bgwriter_*_total, pg_stat_checkpointer_*_total, "
              + "pg_replication_lag_seconds, pg_replication_last_replay_seconds); seed = the seed's only "
              + "(env PGVITALS_PG_EXPORTER_NAMES; default both).")
  ExporterNames exporterNames;

  @Option(
      names = "--pg-table-stats-databases",
      paramLabel = "DB,...|*",
      defaultValue = "${env:PGVITALS_PG_TABLE_STATS_DATABASES}",
      description =
          "Databases whose pg_stat_user_tables and pg_statio_user_tables are sampled, each on a "
              + "connection of its own, every --pg-stats-interval; at most "
              + PgTableStatsSampler.MAX_DATABASES
              + "; * = every database the role may connect to, the first "
              + PgTableStatsSampler.MAX_DATABASES
              + " by name (env PGVITALS_PG_TABLE_STATS_DATABASES; default: the connected database only).")
  String tableStatsDatabases;

  /** The PostgreSQL settings, or empty when nothing says where PostgreSQL is. */
  Optional<PgConfig> config(Map<String, String> env) {
    boolean configured =
        (pgUrl != null && !pgUrl.isBlank())
            || CONNECTION_ENV.stream().anyMatch(k -> env.get(k) != null && !env.get(k).isBlank());
    if (!configured) {
      return Optional.empty();
    }
    List<LeaderCandidates.Peer> peerList =
        peers == null || peers.isBlank()
            ? List.of()
            : Arrays.stream(peers.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .map(PgOptions::peer)
                .toList();
    return Optional.of(
        PgConfig.defaults()
            .withPgUrl(blankToNull(pgUrl))
            .withLeaderUrl(blankToNull(leaderUrl))
            .withPeers(peerList)
            .withConnectTimeout(connectTimeout)
            .withIntervals(fastInterval, fastInterval)
            .withExporterNames(exporterNames)
            .withTableStatsDatabases(databases(tableStatsDatabases)));
  }

  /** One {@code --peers} entry; without a port the local node's port applies. */
  static LeaderCandidates.Peer peer(String entry) {
    try {
      HostPort hp = HostPort.parse(entry, HostPort.NO_PORT);
      if (hp.host().isEmpty()) {
        throw new IllegalArgumentException("empty host");
      }
      return new LeaderCandidates.Peer(
          hp.host(), hp.hasPort() ? OptionalInt.of(hp.port()) : OptionalInt.empty());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid peer '" + entry + "': " + e.getMessage());
    }
  }

  /**
   * {@code --pg-table-stats-databases}: names separated by commas, each once, at most {@link
   * PgTableStatsSampler#MAX_DATABASES}, or {@code *} alone (every database the role may connect to,
   * the first {@link PgTableStatsSampler#MAX_DATABASES} by name); blank = none (the connected
   * database, in the pg_stats round).
   */
  static List<String> databases(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    if (value.trim().equals(PgTableStatsSampler.ALL)) {
      return List.of(PgTableStatsSampler.ALL);
    }
    List<String> names = new java.util.ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "--pg-table-stats-databases: an empty database name (between commas)");
      }
      if (name.equals(PgTableStatsSampler.ALL)) {
        throw new IllegalArgumentException(
            "--pg-table-stats-databases: * stands alone (every database the role "
                + "may connect to), not in a list");
      }
      if (names.contains(name)) {
        throw new IllegalArgumentException(
            "--pg-table-stats-databases: " + name + " is named twice");
      }
      names.add(name);
    }
    if (names.size() > PgTableStatsSampler.MAX_DATABASES) {
      throw new IllegalArgumentException(
          "--pg-table-stats-databases names "
              + names.size()
              + " databases, at most "
              + PgTableStatsSampler.MAX_DATABASES
              + " (a connection each)");
    }
    return List.copyOf(names);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
