package dev.pgvitals.check;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Judges whether the latest sample of a sampler can be used by a check: taken, succeeded, and not
 * older than {@code maxAge}. A suite turns the reason into its setup error, so a hung or failing
 * source shows honestly instead of as old numbers.
 */
public final class SampleFreshness {

  private SampleFreshness() {}

  /** The usable value, or empty with the reason in {@code reason[0]}. */
  public static <T> Result<T> judge(LatestSample<T> latest, Duration maxAge, Instant now) {
    Optional<Sample<T>> s = latest.get();
    if (s.isEmpty()) {
      return new Result<>(null, "no " + latest.sampler() + " sample yet");
    }
    Sample<T> sample = s.get();
    if (!sample.ok()) {
      return new Result<>(null, sample.error());
    }
    Duration age = sample.age(now);
    if (age.compareTo(maxAge) > 0) {
      return new Result<>(
          null, latest.sampler() + " sample is stale (taken " + age.toSeconds() + "s ago)");
    }
    return new Result<>(sample, null);
  }

  /** Either a fresh ok sample or the reason there is none. */
  public record Result<T>(Sample<T> sample, String problem) {
    public boolean usable() {
      return sample != null;
    }
  }
}
