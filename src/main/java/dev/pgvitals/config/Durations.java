package dev.pgvitals.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * The one parser of durations, for flags, environment variables and {@code ?lag=}: Go's {@code
 * time.ParseDuration} grammar, a sequence of decimal numbers each with a unit — {@code 500ms},
 * {@code 10s}, {@code 1m30s}, {@code 1.5h}; units {@code ns}, {@code us} ({@code µs}), {@code ms},
 * {@code s}, {@code m}, {@code h}, case-sensitive as in Go.
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
      throw new IllegalArgumentException(
          "'" + text.strip() + "' is out of range (1ms to 365 days)");
    }
    return d;
  }

  /**
   * Any duration of zero or more in Go's grammar (a limit such as {@code ?lag=0s} may be zero).
   *
   * @throws IllegalArgumentException with a one-line reason for anything else
   */
  public static Duration parseNonNegative(String text) {
    return parse(text, false);
  }

  /**
   * A duration of zero or more as {@code ?lag=} reads it: Go's grammar, and also units in any case
   * ({@code 10S}), a space before a unit ({@code 10 s}), and PostgreSQL's {@code min} and {@code d}
   * ({@code 2min}, {@code 1d}).
   *
   * @throws IllegalArgumentException with a one-line reason for anything else
   */
  public static Duration parseLenient(String text) {
    return parse(text, true);
  }

  private static Duration parse(String text, boolean lenient) {
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
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')) {
        throw notADuration(s);
      }
      while (lenient && i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit =
          lenient ? s.substring(unitStart, i).toLowerCase(Locale.ROOT) : s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("'" + s + "' has no unit (" + EXAMPLE + ")");
      }
      long perUnit =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00B5s", "\u03BCs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "min" -> lenient ? 60_000_000_000L : -1L;
            case "d" -> lenient ? 86_400_000_000_000L : -1L;
            default -> -1L;
          };
      if (perUnit < 0) {
        throw new IllegalArgumentException(
            "'"
                + s
                + "' has an unknown unit '"
                + unit
                + "' (units are ns, us, ms, s, m, h; "
                + EXAMPLE
                + ")");
      }
      nanos =
          nanos.add(
              new BigDecimal(number.startsWith(".") ? "0" + number : number)
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
