package dev.pgvitals.views;

import java.time.Instant;

/**
 * The {@code [HEALTHCHECK]} log line of views.md, logged when a suite's status or output changes:
 *
 * <pre>
 * 2021-02-19T22:54:35Z [info] [HEALTHCHECK] [vm: passing] [✓] 20.66 GB (84.4%) free space on /data/↩︎[✓] load ...
 * </pre>
 *
 * <p>{@link #message} is what goes to the logger (logback's pattern adds time and level);
 * {@link #line} is the whole line as {@code vm status} shows it under Recent Logs, for the agent's
 * {@link EventRing} of recent lines.
 */
public final class HealthcheckLogLine {
  /** What every newline of the output becomes: U+21A9 U+FE0E. */
  public static final String NEWLINE_MARK = "\u21A9\uFE0E";

  private HealthcheckLogLine() {}

  /** {@code [HEALTHCHECK] [vm: passing] <output, newlines as ↩︎>}; status word passing/failing. */
  public static String message(String suite, boolean passing, String output) {
    String flat = output.replace("\r\n", "\n").replace("\n", NEWLINE_MARK);
    return "[HEALTHCHECK] [" + suite + ": " + (passing ? "passing" : "failing") + "] " + flat;
  }

  /** {@code <RFC 3339 UTC> [info] } followed by {@link #message}. */
  public static String line(Instant time, String suite, boolean passing, String output) {
    return Rfc3339.seconds(time) + " [info] " + message(suite, passing, output);
  }
}
