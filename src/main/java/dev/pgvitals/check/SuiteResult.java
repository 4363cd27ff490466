package dev.pgvitals.check;

import dev.pgvitals.postgres.Role;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one suite ({@code vm}, {@code pg} or {@code role}): its checks in suite order, or a
 * one-line setup error when the suite could not run at all (e.g. {@code failed to connect to local
 * node: connection refused}).
 *
 * <p>The role suite holds a single check named {@code role} whose seed text is the role word, and
 * the role itself as data in {@link #role()} (the node report, routes and metrics read that, never
 * the text).
 */
public record SuiteResult(
    String suite, List<CheckResult> checks, String setupError, Optional<Role> role) {

  public SuiteResult {
    Objects.requireNonNull(suite, "suite");
    checks = List.copyOf(checks);
    Objects.requireNonNull(role, "role");
  }

  public static SuiteResult of(String suite, List<CheckResult> checks) {
    return new SuiteResult(suite, checks, null, Optional.empty());
  }

  public static SuiteResult setupFailed(String suite, String error) {
    return new SuiteResult(
        suite, List.of(), Objects.requireNonNull(error, "error"), Optional.empty());
  }

  /** The role suite's result: one passed check whose text is the role's word. */
  public static SuiteResult role(Role role, Duration took) {
    return new SuiteResult(
        SuiteName.ROLE.label(),
        List.of(CheckResult.passed("role", role.word(), role.word(), took)),
        null,
        Optional.of(role));
  }

  /** True when the suite ran and every check passed. */
  public boolean passed() {
    return setupError == null && !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
  }
}
