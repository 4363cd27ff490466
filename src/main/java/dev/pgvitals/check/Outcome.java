package dev.pgvitals.check;

/** How one check ended. */
public enum Outcome {
  PASSED,
  FAILED,
  TIMED_OUT,
  NOT_PROCESSED;

  public boolean passed() {
    return this == PASSED;
  }
}
