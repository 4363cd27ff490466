package dev.pgvitals.cluster;

import java.util.Locale;

/**
 * How the platform would run a check: {@code SCRIPT} for the seed text format (the reference ran
 * its checks as scripts), {@code HTTP} for the framework format. Shown in the TYPE column.
 */
public enum CheckType {
  SCRIPT,
  HTTP;

  /** Parses {@code SCRIPT} or {@code HTTP} (any case); throws with a one-line reason otherwise. */
  public static CheckType parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown check type '" + s + "' (expected SCRIPT or HTTP)");
    }
  }
}
