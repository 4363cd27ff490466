package dev.pgvitals.agent;

import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.SuiteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a suite's {@code [HEALTHCHECK]} line is logged: on its first evaluation, whenever its status
 * (passing / failing) changes, whenever the set of failing checks changes, and otherwise once per
 * {@code interval} (default 60 s, the cadence of the reference's log) — not on every new load or
 * pressure reading, which changed the vm suite's text every 5 s and wrote 17,000 lines a day. A
 * suite that cannot run at all (its setup failed) counts as one failing check.
 */
final class HealthcheckCadence {

  /** The default interval between lines of an unchanged suite. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  private record Last(Instant loggedAt, boolean passed, Set<String> failing) {}

  private final Duration interval;
  private final Map<String, Last> last = new HashMap<>();

  HealthcheckCadence(Duration interval) {
    if (interval.toMillis() < 1000) {
      throw new IllegalArgumentException("--healthcheck-log-interval must be at least 1s");
    }
    this.interval = interval;
  }

  Duration interval() {
    return interval;
  }

  /**
   * Whether the line of {@code result}, evaluated at {@code now}, is due; records it when it is.
   */
  boolean due(SuiteResult result, Instant now) {
    Set<String> failing = failing(result);
    Last before = last.get(result.suite());
    boolean due =
        before == null
            || before.passed() != result.passed()
            || !before.failing().equals(failing)
            || !now.isBefore(before.loggedAt().plus(interval));
    if (due) {
      last.put(result.suite(), new Last(now, result.passed(), failing));
    }
    return due;
  }

  private static Set<String> failing(SuiteResult result) {
    Set<String> names = new TreeSet<>();
    if (result.setupError() != null) {
      names.add("(setup)");
    }
    for (CheckResult c : result.checks()) {
      if (!c.passed()) {
        names.add(c.name());
      }
    }
    return names;
  }

  /**
   * How many lines the node keeps so its recent log covers at least an hour: one per suite per
   * interval, plus room for changes.
   */
  static int recentLines(int suites, Duration interval) {
    long perHour = (3_600_000 + interval.toMillis() - 1) / interval.toMillis();
    return (int) Math.min(2_000, Math.max(20, suites * perHour + 20));
  }
}
