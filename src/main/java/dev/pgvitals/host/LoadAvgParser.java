package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.LoadAverage;

/**
 * Parses {@code /proc/loadavg}: {@code 0.29 0.35 0.50 1/90 6055}. Only the first three fields are
 * used; the rest may be missing.
 */
public final class LoadAvgParser {

  private LoadAvgParser() {}

  /**
   * @throws IllegalArgumentException with a one-line reason when the text has fewer than three
   *     fields or one of them is not a finite, non-negative number
   */
  public static LoadAverage parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (fields.length < 3) {
      throw new IllegalArgumentException(
          "malformed loadavg: expected 3 load averages, got '" + abbreviate(trimmed) + "'");
    }
    return new LoadAverage(number(fields[0]), number(fields[1]), number(fields[2]));
  }

  private static double number(String field) {
    double v;
    try {
      v = Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "malformed loadavg: '" + abbreviate(field) + "' is not a number");
    }
    if (!Double.isFinite(v) || v < 0 || field.chars().anyMatch(Character::isLetter)) {
      throw new IllegalArgumentException(
          "malformed loadavg: '" + abbreviate(field) + "' is not a load average");
    }
    return v;
  }

  static String abbreviate(String s) {
    String oneLine = s.replace('\n', ' ');
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "…";
  }
}
