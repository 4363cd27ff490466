package dev.pgvitals.check;

/** How one check ended. */
public enum Outcome {
  PASSED,
  FAILED;

  public boolean passed() {
    return this == PASSED;
  }
}
