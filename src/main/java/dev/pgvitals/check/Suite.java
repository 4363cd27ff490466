package dev.pgvitals.check;

import java.time.Instant;

/**
 * One health-check suite ({@code vm}, {@code pg}, {@code role}) as a pure function of the latest
 * samples: evaluating never does I/O and never waits, so a check request can't hang on the
 * source. A missing, failed or stale sample turns into a setup error or a failed check.
 */
public interface Suite {

  /** {@code vm}, {@code pg} or {@code role}. */
  String name();

  SuiteResult evaluate(Instant now);
}
