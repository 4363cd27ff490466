package dev.pgvitals.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The range of every duration flag the parser alone cannot judge: a sampling interval below 1 s
 * would query PostgreSQL hundreds of times a second ({@code --pg-fast-interval 1ms}), and a timeout
 * past what the clients take overflows them ({@code --pg-connect-timeout 600h} ended in
 * "connectTimeout must be >= 0", naming no flag). Each error names the flag and the range.
 */
final class FlagLimits {

  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_INTERVAL = Duration.ofHours(24);
  static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  private FlagLimits() {}

  /** The flags of {@code agent} and {@code check}. */
  static void check(NodeOptions node, PgOptions pg) {
    interval("--host-interval", node.hostInterval);
    interval("--pg-fast-interval", pg.fastInterval);
    interval("--pg-stats-interval", pg.statsInterval);
    interval("--pg-sizes-interval", pg.sizesInterval);
    within("--check-deadline", node.checkDeadline, MIN_TIMEOUT, MAX_TIMEOUT);
    within("--pg-connect-timeout", pg.connectTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
    procRoot(node.procRoot);
    PgOptions.databases(pg.tableStatsDatabases); // even without PostgreSQL configured: exit 2 now
  }

  static void interval(String flag, Duration value) {
    within(flag, value, MIN_INTERVAL, MAX_INTERVAL);
  }

  static void within(String flag, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          flag + " must be between " + show(min) + " and " + show(max) + ", was " + show(value));
    }
  }

  /**
   * {@code --proc-root} must hold a {@code proc/} directory: a wrong one used to pass as
   * "unavailable".
   */
  static void procRoot(String root) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("--proc-root is empty (the default is /)");
    }
    if (!Files.isDirectory(Path.of(root).resolve("proc"))) {
      throw new IllegalArgumentException("--proc-root " + root + ": no proc/ directory under it");
    }
  }

  static String show(Duration d) {
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
