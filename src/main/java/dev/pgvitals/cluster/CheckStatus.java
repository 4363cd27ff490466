package dev.pgvitals.cluster;

import java.util.Locale;

/**
 * The state of one check as the cluster views show it. Agents report {@link #PASSING} or {@link
 * #CRITICAL}; {@link #WARNING} is accepted so the health summary can count it should an agent ever
 * report it.
 */
public enum CheckStatus {
  PASSING,
  WARNING,
  CRITICAL;

  /** The lower-case word used in JSON and in the views, e.g. {@code passing}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code passing}, {@code warning} or {@code critical}; throws with a one-line reason. */
  public static CheckStatus parse(String s) {
    for (CheckStatus status : values()) {
      if (status.label().equals(s)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown check status '" + s + "' (expected passing, warning or critical)");
  }
}
