package dev.pgvitals.check;

import java.time.Duration;

/**
 * Thresholds of the pg and role suites.
 *
 * @param maxReplicationLag the replication-lag check fails above this (default 10 s)
 * @param spareConnections the connections check fails when {@code used ≥ max − reserved −
 *     spareConnections} (default 0: no slot left for ordinary users)
 * @param staleAfter a sample older than this counts as missing (default 30 s: six 5-second samples;
 *     a sampler that stopped sampling must not keep a node looking healthy)
 */
public record PgCheckSettings(
    Duration maxReplicationLag, int spareConnections, Duration staleAfter) {

  public static final PgCheckSettings DEFAULTS =
      new PgCheckSettings(Duration.ofSeconds(10), 0, Duration.ofSeconds(30));
}
