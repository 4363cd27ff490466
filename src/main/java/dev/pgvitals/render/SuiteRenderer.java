package dev.pgvitals.render;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.SuiteName;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.gofmt.GoFormat;
import java.util.Objects;

/**
 * A suite's result as text, in the two formats of checks.md.
 *
 * <p>Seed (the default): {@code [✗] <message>} lines first, then {@code [✓] <message>} lines, each
 * in suite order and each ending with {@code \n}:
 *
 * <pre>
 * [✗] system spent 3.2s of the last 10 seconds waiting for cpu
 * [✓] 20.53 GB (83.9%) free space on /data/
 * </pre>
 *
 * <p>Framework: one line per check in suite order, joined by {@code \n} with no trailing newline:
 *
 * <pre>
 * [✓] checkDisk: 20.53 GB (83.9%) free space on /data/ (105.38µs)
 * [✗] cpu: system spent 3.19s of the last 10 seconds waiting on cpu (105.38µs)
 * </pre>
 *
 * <p>The reference's {@code Timed out (5s)} and {@code Not processed} lines have no counterpart:
 * checks read samples and never run past a deadline; a sample that passed its deadline is a failed
 * sample whose reason says so ({@code timed out after 5000 ms}).
 *
 * <p>The role suite is the role word alone ({@code leader\n} seed, {@code leader} framework). A
 * suite that could not run is its one-line setup error; for the role suite that is {@code offline}
 * in seed and the error in framework.
 */
public final class SuiteRenderer {

  public static final String PASSED_MARK = "[\u2713] ";
  public static final String FAILED_MARK = "[\u2717] ";
  public static final String ROLE_SUITE = SuiteName.ROLE.label();
  public static final String OFFLINE = "offline";

  private SuiteRenderer() {}

  public static String render(SuiteResult suite, CheckFormat format) {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(format, "format");
    boolean seed = format == CheckFormat.SEED;
    boolean role = ROLE_SUITE.equals(suite.suite());
    if (suite.setupError() != null) {
      String line = role && seed ? OFFLINE : suite.setupError();
      return seed ? line + "\n" : line;
    }
    if (role && suite.checks().size() == 1) {
      String word = suite.checks().get(0).seedText();
      return seed ? word + "\n" : word;
    }
    return seed ? seed(suite) : framework(suite);
  }

  private static String seed(SuiteResult suite) {
    StringBuilder b = new StringBuilder();
    for (CheckResult c : suite.checks()) {
      if (!c.passed()) {
        b.append(FAILED_MARK).append(c.seedText()).append('\n');
      }
    }
    for (CheckResult c : suite.checks()) {
      if (c.passed() && c.inSeed()) { // framework-only checks (pg's transactions) have no seed line
        b.append(PASSED_MARK).append(c.seedText()).append('\n');
      }
    }
    return b.toString();
  }

  private static String framework(SuiteResult suite) {
    StringBuilder b = new StringBuilder();
    for (CheckResult c : suite.checks()) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(frameworkLine(c));
    }
    return b.toString();
  }

  /** One framework line, e.g. {@code [✓] checkLoad: load averages: 0.29 0.35 0.50 (6.93ms)}. */
  public static String frameworkLine(CheckResult c) {
    String elapsed = " (" + GoFormat.checkDuration(c.elapsed()) + ")";
    return (c.passed() ? PASSED_MARK : FAILED_MARK) + c.name() + ": " + c.frameworkText() + elapsed;
  }
}
