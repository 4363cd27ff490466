package dev.pgvitals.check;

import java.util.Locale;

/** The two text formats of checks.md; {@link #SEED} is the default. */
public enum CheckFormat {
  SEED,
  FRAMEWORK;

  /**
   * Parses {@code seed} or {@code framework} (any case); throws with a one-line reason otherwise.
   */
  public static CheckFormat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown check format '" + s + "' (expected seed or framework)");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
