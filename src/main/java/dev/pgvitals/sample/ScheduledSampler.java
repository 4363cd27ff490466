package dev.pgvitals.sample;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;

/** A sampler together with where its samples go and how often it runs. */
public record ScheduledSampler<T>(Sampler<T> sampler, LatestSample<T> latest, Duration interval) {

  public static <T> ScheduledSampler<T> of(Sampler<T> sampler, Duration interval) {
    return new ScheduledSampler<>(sampler, new LatestSample<>(sampler.name()), interval);
  }

  /** The verticle that runs this sampler on its timer. */
  public SamplerVerticle<T> verticle(Duration deadline, Clock clock) {
    return new SamplerVerticle<>(sampler, latest, interval, deadline, clock);
  }

  /**
   * Takes one sample now (script mode); the future always succeeds, a failure lands in {@link
   * #latest}.
   */
  public Future<Sample<T>> sampleOnce(Duration deadline, Clock clock) {
    return verticle(deadline, clock).runOnce();
  }
}
