package dev.pgvitals.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One immutable reading of one sampler: either {@code ok} with a value, or {@code failed} with a
 * one-line reason. Samplers never throw out of their loop; whatever went wrong ends up here.
 *
 * @param sampler the sampler's name, e.g. {@code host}
 * @param value the reading, {@code null} when failed
 * @param error the one-line reason, {@code null} when ok
 * @param at when the sample finished
 * @param took how long the sample took
 */
public record Sample<T>(String sampler, T value, String error, Instant at, Duration took) {

  public Sample {
    Objects.requireNonNull(sampler, "sampler");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(took, "took");
    if ((value == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of value and error must be set");
    }
  }

  public static <T> Sample<T> ok(String sampler, T value, Instant at, Duration took) {
    return new Sample<>(sampler, value, null, at, took);
  }

  public static <T> Sample<T> failed(String sampler, String error, Instant at, Duration took) {
    return new Sample<>(sampler, null, error == null ? "unknown error" : error, at, took);
  }

  public boolean ok() {
    return value != null;
  }

  /** Age of this sample at {@code now}, never negative. */
  public Duration age(Instant now) {
    Duration d = Duration.between(at, now);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
