package dev.pgvitals.check;

import java.util.List;
import java.util.Objects;

/**
 * The result of one suite ({@code vm}, {@code pg} or {@code role}): its checks in suite order,
 * or a one-line setup error when the suite could not run at all (e.g.
 * {@code failed to connect to local node: connection refused}).
 *
 * <p>The role suite holds a single check named {@code role} whose seed text is the role word.
 */
public record SuiteResult(String suite, List<CheckResult> checks, String setupError) {

  public SuiteResult {
    Objects.requireNonNull(suite, "suite");
    checks = List.copyOf(checks);
  }

  public static SuiteResult of(String suite, List<CheckResult> checks) {
    return new SuiteResult(suite, checks, null);
  }

  public static SuiteResult setupFailed(String suite, String error) {
    return new SuiteResult(suite, List.of(), Objects.requireNonNull(error, "error"));
  }

  /** True when the suite ran and every check passed. */
  public boolean passed() {
    return setupError == null && !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
  }
}
