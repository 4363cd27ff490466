package dev.pgvitals.postgres;

import java.time.Duration;

/**
 * Capped exponential backoff after failed samples: after the n-th consecutive failure the next
 * attempt is allowed only {@code min(initial × 2^(n-1), max)} later (1 s, 2 s, 4 s … 30 s by
 * default). A sampler asks {@link #allowsAttempt(long)} before touching the network and, while the
 * window is open, reports its last failure again instead of connecting. A success resets it.
 *
 * <p>Times are {@link System#nanoTime()} values, so the wall clock jumping doesn't matter. Not
 * thread-safe: one sampler uses it from its own context.
 */
public final class ReconnectBackoff {

  private final long initialNanos;
  private final long maxNanos;
  private int failures;
  private long nextAttemptAt;

  public ReconnectBackoff(Duration initial, Duration max) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** 1 s doubling to 30 s. */
  public static ReconnectBackoff standard() {
    return new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  public boolean allowsAttempt(long nowNanos) {
    return failures == 0 || nowNanos - nextAttemptAt >= 0;
  }

  public void failed(long nowNanos) {
    failures++;
    nextAttemptAt = nowNanos + window().toNanos();
  }

  public void succeeded() {
    failures = 0;
  }

  public int consecutiveFailures() {
    return failures;
  }

  /** The current window (zero before the first failure). */
  public Duration window() {
    if (failures == 0) {
      return Duration.ZERO;
    }
    long w = initialNanos;
    for (int i = 1; i < failures && w < maxNanos; i++) {
      w *= 2;
    }
    return Duration.ofNanos(Math.min(w, maxNanos));
  }
}
