package dev.pgvitals.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * The one parser of durations, for flags, environment variables and {@code ?lag=}: Go's
 * {@code time.ParseDuration} grammar, a sequence of decimal numbers each with a unit —
 * {@code 500ms}, {@code 10s}, {@code 1m30s}, {@code 1.5h}; units {@code ns}, {@code us}
 * ({@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}, case-sensitive as in Go.
 *
 * <p>A bare number is rejected (except {@code 0}, as in Go): {@code 10} could mean seconds, or
 * bytes as Patroni's {@code ?lag=10} does, so the unit is required and the error says so.
 */
public final class Durations {

  static final String EXAMPLE = "expected e.g. 10s, 1m30s, 500ms";
  private static final long MAX_MILLIS = 365L * 86_400_000L;

  private Durations() {}

  /**
   * A setting's duration: Go grammar, from 1 ms to 365 days.
   *
   * @throws IllegalArgumentException with a one-line reason for anything else
   */
  public static Duration parse(String text) {
    Duration d = parseNonNegative(text);
    if (d.compareTo(Duration.ofMillis(1)) < 0 || d.toMillis() > MAX_MILLIS) {
      throw new IllegalArgumentException("'" + text.strip() + "' is out of range (1ms to 365 days)");
    }
    return d;
  }

  /**
   * Any duration of zero or more in Go's grammar (a limit such as {@code ?lag=0s} may be zero).
   *
   * @throws IllegalArgumentException with a one-line reason for anything else
   */
  public static Duration parseNonNegative(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration (" + EXAMPLE + ")");
    }
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.startsWith("-")) {
      throw new IllegalArgumentException("'" + s + "' is negative (" + EXAMPLE + ")");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = s.startsWith("+") ? 1 : 0;
    if (i == s.length()) {
      throw notADuration(s);
    }
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw notADuration(s);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("'" + s + "' has no unit (" + EXAMPLE + ")");
      }
      long perUnit = switch (unit) {
        case "ns" -> 1L;
        case "us", "\u00B5s", "\u03BCs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new IllegalArgumentException(
            "'" + s + "' has an unknown unit '" + unit + "' (units are ns, us, ms, s, m, h; " + EXAMPLE + ")");
      };
      nanos = nanos.add(new BigDecimal(number.startsWith(".") ? "0" + number : number)
          .multiply(BigDecimal.valueOf(perUnit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + s + "' is too long");
    }
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
  }

  private static IllegalArgumentException notADuration(String s) {
    return new IllegalArgumentException("'" + s + "' is not a duration (" + EXAMPLE + ")");
  }
}
