package dev.pgvitals.check;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the risk suite's checks fail ({@link RiskChecks}); the defaults and their reasons are in
 * docs/risk-checks.md.
 *
 * @param wraparoundFactor wraparound fails when a database's XID age exceeds this many times {@code
 *     autovacuum_freeze_max_age} (multixact age: times {@code
 *     autovacuum_multixact_freeze_max_age}), or {@link #WRAPAROUND_CAP}, whichever is lower
 *     (default 2: the forced anti-wraparound vacuum that starts at 1× has not finished in the time
 *     another full {@code autovacuum_freeze_max_age} of transactions was used)
 * @param slotMaxRetainedBytes any slot retaining more WAL than this fails (default 10 GiB)
 * @param slotInactiveMaxRetainedBytes an inactive slot retaining more than this fails (default 1
 *     GiB)
 * @param archiveMaxWait archiving fails when a completed WAL segment has waited longer than this to
 *     be archived (default 15 min)
 * @param maxTransactionAge the oldest open transaction fails above this (default 1 h)
 * @param maxIdleInTransaction a session idle in a transaction fails above this (default 5 min)
 * @param diskFullWithin the disk forecast fails when the file system would be full sooner (24 h)
 */
public record RiskThresholds(
    double wraparoundFactor,
    long slotMaxRetainedBytes,
    long slotInactiveMaxRetainedBytes,
    Duration archiveMaxWait,
    Duration maxTransactionAge,
    Duration maxIdleInTransaction,
    Duration diskFullWithin) {

  /**
   * The highest age limit whatever the settings: half the XID space used, a billion left before the
   * 40M warnings.
   */
  public static final long WRAPAROUND_CAP = 1_000_000_000L;

  public static final RiskThresholds DEFAULTS =
      new RiskThresholds(
          2.0,
          10L << 30,
          1L << 30,
          Duration.ofMinutes(15),
          Duration.ofHours(1),
          Duration.ofMinutes(5),
          Duration.ofHours(24));

  public RiskThresholds {
    if (!(wraparoundFactor > 0) || Double.isInfinite(wraparoundFactor)) {
      throw new IllegalArgumentException(
          "the wraparound factor must be a positive number, got " + wraparoundFactor);
    }
    if (slotMaxRetainedBytes < 0 || slotInactiveMaxRetainedBytes < 0) {
      throw new IllegalArgumentException("slot WAL limits must not be negative");
    }
    for (Duration d :
        new Duration[] {archiveMaxWait, maxTransactionAge, maxIdleInTransaction, diskFullWithin}) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative()) {
        throw new IllegalArgumentException("risk check durations must not be negative");
      }
    }
  }

  /** The XID (or multixact) age at which wraparound fails for a given freeze_max_age setting. */
  public long wraparoundLimit(long freezeMaxAge) {
    return (long) Math.min(WRAPAROUND_CAP, Math.floor(freezeMaxAge * wraparoundFactor));
  }
}
