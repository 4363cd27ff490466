package dev.pgvitals.check;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The suites: the three of checks.md in the order the views list them, then the risk suite. The one
 * list of suite names: routes ({@code /flycheck/<label>}), script mode, the node report and the
 * metrics read it.
 */
public enum SuiteName {
  VM("vm"),
  PG("pg"),
  ROLE("role"),
  /**
   * Served at {@code /flycheck/risk} and by {@code check risk}; listed in the views only when
   * asked.
   */
  RISK("risk");

  private final String label;

  SuiteName(String label) {
    this.label = label;
  }

  /** {@code vm}, {@code pg} or {@code role}: the name in paths, reports, logs and labels. */
  public String label() {
    return label;
  }

  /** The suite called {@code label}, if any. */
  public static Optional<SuiteName> of(String label) {
    return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
  }

  /** Every label, in suite order. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(SuiteName::label).toList();
  }

  @Override
  public String toString() {
    return label;
  }
}
