package dev.pgvitals.check;

import java.time.Duration;

/**
 * Go {@code time.Duration.String()} text with the check rounding of checks.md, for the pg suite.
 *
 * <p>Stop-gap: {@code dev.pgvitals.render.GoFormat.checkDuration} (branch {@code host}) is the
 * project-wide version; once it is on main this class should delegate to it and go away.
 */
final class PgDurationText {

  private PgDurationText() {}

  /** Rounds (> 1 s to 10 ms, > 1 ms to 10 µs, > 1 µs to 10 ns, ties away from zero) and prints. */
  static String check(Duration d) {
    long n = d.toNanos();
    long a = Math.abs(n);
    long m = a > 1_000_000_000L ? 10_000_000L : a > 1_000_000L ? 10_000L : a > 1_000L ? 10L : 1L;
    long r = (a + m / 2) / m * m;
    return go(n < 0 ? -r : r);
  }

  /** Go's {@code Duration.String()}: {@code 0s}, {@code 83ns}, {@code 246µs}, {@code 1m1s}, … */
  static String go(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long u = Math.abs(nanos);
    if (u < 1_000L) {
      return sign + u + "ns";
    }
    if (u < 1_000_000L) {
      return sign + fraction(u, 1_000L) + "µs";
    }
    if (u < 1_000_000_000L) {
      return sign + fraction(u, 1_000_000L) + "ms";
    }
    long h = u / 3_600_000_000_000L;
    long rest = u % 3_600_000_000_000L;
    long min = rest / 60_000_000_000L;
    long secNanos = rest % 60_000_000_000L;
    StringBuilder sb = new StringBuilder(sign);
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || min > 0) {
      sb.append(min).append('m');
    }
    return sb.append(fraction(secNanos, 1_000_000_000L)).append('s').toString();
  }

  private static String fraction(long v, long unit) {
    long whole = v / unit;
    long frac = v % unit;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + frac).substring(1);
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + digits.substring(0, end);
  }
}
