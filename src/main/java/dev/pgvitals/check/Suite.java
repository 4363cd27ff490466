package dev.pgvitals.check;

import java.time.Instant;
import java.util.Set;

/**
 * One health-check suite ({@code vm}, {@code pg}, {@code role}) as a pure function of the latest
 * samples: evaluating never does I/O and never waits, so a check request can't hang on the source.
 * A missing, failed or stale sample turns into a setup error or a failed check.
 */
public interface Suite {

  /** {@code vm}, {@code pg} or {@code role}. */
  String name();

  SuiteResult evaluate(Instant now);

  /**
   * The samplers whose samples this suite reads (by {@link dev.pgvitals.sample.Sampler#name()}): a
   * new sample of one of them re-evaluates it, a sample of any other does not.
   */
  Set<String> reads();
}
