package dev.pgvitals.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of flags and environment variables: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, or plain seconds. */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a one-line reason for anything else, zero or negative
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration (expected e.g. 5s, 500ms, 1m)");
    }
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 5s, 500ms, 1m)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> n;
      case "s" -> n * 1_000;
      case "m" -> n * 60_000;
      default -> n * 3_600_000;
    };
    if (millis < 1 || millis > 86_400_000d * 365) {
      throw new IllegalArgumentException("'" + text + "' is out of range (1ms to 365 days)");
    }
    return Duration.ofMillis(Math.round(millis));
  }
}
