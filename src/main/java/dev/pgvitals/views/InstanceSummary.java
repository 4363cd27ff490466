package dev.pgvitals.views;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.cluster.Rfc3339;
import java.time.Duration;
import java.time.Instant;

/** The per-node strings that {@code status} and {@code vm status} share. */
public final class InstanceSummary {
  /** The DESIRED column: the agent never stops its node, so always {@code run}. */
  public static final String DESIRED = "run";

  private InstanceSummary() {}

  /**
   * STATUS: {@code unreachable} for a node that did not answer, {@code running (starting)} before
   * its first check result, {@code running (<role>)} from the role check, and {@code running
   * (unknown)} when the role check has not produced a role.
   */
  public static String status(NodeReport node) {
    if (!node.reachable()) {
      return "unreachable";
    }
    if (node.checks().isEmpty()) {
      return "running (starting)";
    }
    String role = node.identity().role();
    return "running (" + (role == null || role.isBlank() ? "unknown" : role) + ")";
  }

  /**
   * HEALTH CHECKS: {@code <n> total}, then {@code , <n> passing}, {@code , <n> warning}, {@code ,
   * <n> critical}, each only when non-zero, e.g. {@code 3 total, 2 passing, 1 critical}.
   */
  public static String healthChecks(NodeReport node) {
    int passing = 0;
    int warning = 0;
    int critical = 0;
    for (CheckReport c : node.checks()) {
      switch (c.status()) {
        case PASSING -> passing++;
        case WARNING -> warning++;
        case CRITICAL -> critical++;
      }
    }
    StringBuilder sb = new StringBuilder().append(node.checks().size()).append(" total");
    if (passing > 0) {
      sb.append(", ").append(passing).append(" passing");
    }
    if (warning > 0) {
      sb.append(", ").append(warning).append(" warning");
    }
    if (critical > 0) {
      sb.append(", ").append(critical).append(" critical");
    }
    return sb.toString();
  }

  /** RESTARTS: the count, or {@code -} for an unreachable node. */
  public static String restarts(NodeReport node) {
    return node.reachable() ? Integer.toString(node.identity().restarts()) : "-";
  }

  /** CREATED: RFC 3339 UTC in whole seconds, or {@code -} when unknown. */
  public static String created(NodeReport node) {
    Instant created = node.identity().created();
    return created == null ? "-" : Rfc3339.seconds(created);
  }

  /**
   * LAST UPDATED: {@code just now} under one second, {@code 14s ago}, {@code 1m12s ago}, {@code
   * 3h5m ago} (truncated), and the RFC 3339 UTC time itself when the change is more than 24 hours
   * old or more than a second in the future (a skewed clock).
   */
  public static String lastUpdated(Instant changed, Instant now) {
    Duration age = Duration.between(changed, now);
    if (age.compareTo(Duration.ofSeconds(-1)) < 0 || age.compareTo(Duration.ofHours(24)) > 0) {
      return Rfc3339.seconds(changed);
    }
    long seconds = age.getSeconds(); // floor; negative only within the first second
    if (seconds < 1) {
      return "just now";
    }
    if (seconds < 60) {
      return seconds + "s ago";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + seconds % 60 + "s ago";
    }
    return seconds / 3600 + "h" + seconds % 3600 / 60 + "m ago";
  }

  /** A stored output without its trailing line breaks (agents end outputs with a newline). */
  static String trimOutput(String output) {
    int end = output.length();
    while (end > 0 && (output.charAt(end - 1) == '\n' || output.charAt(end - 1) == '\r')) {
      end--;
    }
    return output.substring(0, end).replace("\r\n", "\n");
  }
}
