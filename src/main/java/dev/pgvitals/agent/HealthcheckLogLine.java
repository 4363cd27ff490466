package dev.pgvitals.agent;

import dev.pgvitals.cluster.Rfc3339;
import java.time.Instant;

/**
 * A {@code [HEALTHCHECK]} log line as {@code vm status} shows it under Recent Logs:
 *
 * <pre>
 * 2021-02-19T22:54:35Z [info] [HEALTHCHECK] [vm: passing] [✓] 20.66 GB (84.4%) free space on /data/↩︎…
 * </pre>
 *
 * The message is {@link dev.pgvitals.render.HealthcheckLine#format}; this adds the time and level
 * the way the log prints them, for the agent's {@link EventRing} of recent lines.
 */
public final class HealthcheckLogLine {
  private HealthcheckLogLine() {}

  /** {@code <RFC 3339 UTC, whole seconds> [info] <message>}. */
  public static String line(Instant time, String message) {
    return Rfc3339.seconds(time) + " [info] " + message;
  }
}
