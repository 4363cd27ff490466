package dev.pgvitals.check;

import java.time.Duration;
import java.util.Objects;

/**
 * The result of one check of a suite.
 *
 * @param name the framework-format name, e.g. {@code checkDisk}, {@code connections}
 * @param outcome passed or failed
 * @param seedText the whole seed-format message after the {@code [✓] } mark, e.g. {@code 20.53 GB
 *     (83.9%) free space on /data/} or {@code connections: 7 used, 3 reserved, 100 max}
 * @param frameworkText the framework-format message after {@code <name>: }, e.g. {@code 7 used, 3
 *     reserved, 100 max}
 * @param elapsed how long the check (or the reading it judged) took
 */
public record CheckResult(
    String name, Outcome outcome, String seedText, String frameworkText, Duration elapsed) {

  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(seedText, "seedText");
    Objects.requireNonNull(frameworkText, "frameworkText");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public static CheckResult passed(
      String name, String seedText, String frameworkText, Duration elapsed) {
    return new CheckResult(name, Outcome.PASSED, seedText, frameworkText, elapsed);
  }

  public static CheckResult failed(
      String name, String seedText, String frameworkText, Duration elapsed) {
    return new CheckResult(name, Outcome.FAILED, seedText, frameworkText, elapsed);
  }

  public boolean passed() {
    return outcome.passed();
  }

  /**
   * False for framework-only checks (e.g. the pg suite's {@code transactions}), which carry an
   * empty {@link #seedText}: the seed format prints no line for them.
   */
  public boolean inSeed() {
    return !seedText.isEmpty();
  }
}
