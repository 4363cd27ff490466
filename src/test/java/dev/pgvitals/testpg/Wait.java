package dev.pgvitals.testpg;

import dev.pgvitals.localpg.Os;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Polls a condition until it holds or a deadline passes. Tests use this instead of fixed sleeps.
 * Exceptions thrown by the condition count as "not yet" and are reported if the deadline passes.
 */
public final class Wait {

  /** Poll interval: short, because most conditions here (replication, restarts) settle in ms. */
  static final Duration POLL = Duration.ofMillis(50);

  private Wait() {}

  /**
   * Waits until {@code condition} returns true; throws {@link AssertionError} after {@code
   * timeout}.
   */
  public static void until(String what, Duration timeout, Callable<Boolean> condition) {
    untilValue(what, timeout, condition, Boolean.TRUE::equals);
  }

  /**
   * Waits until {@code supplier} yields a value accepted by {@code accept} and returns it; throws
   * {@link AssertionError} naming {@code what}, the last value and the last exception after {@code
   * timeout}.
   */
  public static <T> T untilValue(
      String what, Duration timeout, Callable<T> supplier, Predicate<? super T> accept) {
    Objects.requireNonNull(what);
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    Exception lastError = null;
    while (true) {
      try {
        last = supplier.call();
        lastError = null;
        if (accept.test(last)) {
          return last;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      } catch (Exception e) {
        lastError = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        AssertionError err =
            new AssertionError(
                "timed out after "
                    + timeout.toMillis()
                    + " ms waiting for "
                    + what
                    + " (last value: "
                    + last
                    + (lastError == null ? "" : ", last error: " + lastError)
                    + ")");
        if (lastError != null) {
          err.initCause(lastError);
        }
        throw err;
      }
      sleepQuietly(POLL);
    }
  }

  static void sleepQuietly(Duration d) {
    Os.sleepQuietly(d);
  }
}
