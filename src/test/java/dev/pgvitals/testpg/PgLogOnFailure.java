package dev.pgvitals.testpg;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the tail of every running harness server's log when a test fails, so a CI log shows what
 * PostgreSQL said. Applied by {@link PgMajors}; add {@code @ExtendWith(PgLogOnFailure.class)} to
 * other test classes that use the harness.
 */
public final class PgLogOnFailure implements TestWatcher {

  static final int LINES = 40;

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (PgCluster c : PgCluster.live()) {
      for (PgNode n : c.nodes()) {
        System.err.println(
            "[pg-harness] "
                + context.getDisplayName()
                + " failed; "
                + c
                + " "
                + n.name()
                + (n.isRunning() ? "" : " (not running)")
                + ":\n"
                + n.logTail(LINES));
      }
    }
  }
}
