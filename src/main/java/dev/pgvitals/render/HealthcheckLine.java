package dev.pgvitals.render;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.SuiteResult;

/**
 * The {@code [HEALTHCHECK]} log line of one suite, as the reference's VM log shows it (the logger
 * adds the timestamp and {@code [info] }):
 *
 * <pre>
 * [HEALTHCHECK] [vm: passing] [✓] 20.66 GB (84.4%) free space on /data/↩︎[✓] load averages: …↩︎
 * </pre>
 *
 * The rendered suite goes on one line, every {@code \n} replaced by {@code ↩︎} (U+21A9 followed by
 * the text presentation selector U+FE0E).
 */
public final class HealthcheckLine {

  /** {@code ↩︎}: U+21A9 LEFTWARDS ARROW WITH HOOK + U+FE0E VARIATION SELECTOR-15. */
  public static final String NEWLINE_MARK = "\u21A9\uFE0E";

  private HealthcheckLine() {}

  public static String format(SuiteResult suite, CheckFormat format) {
    return of(suite.suite(), suite.passed(), SuiteRenderer.render(suite, format));
  }

  /** The line of a suite already rendered ({@code output}), so a result is rendered once. */
  public static String of(String suite, boolean passed, String output) {
    return "[HEALTHCHECK] ["
        + suite
        + ": "
        + (passed ? "passing" : "failing")
        + "] "
        + output.replace("\n", NEWLINE_MARK);
  }
}
