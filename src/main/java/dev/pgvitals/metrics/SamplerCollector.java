package dev.pgvitals.metrics;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How fresh and healthy each sampler is: {@code pgvitals_sample_success}, {@code
 * pgvitals_sample_duration_seconds} and {@code pgvitals_sample_age_seconds}, one series per
 * sampler, so one failing sampler never hides the others.
 */
public final class SamplerCollector implements MultiCollector {

  private final List<LatestSample<?>> samplers;
  private final Clock clock;

  public SamplerCollector(List<LatestSample<?>> samplers, Clock clock) {
    this.samplers = List.copyOf(samplers);
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    Instant now = clock.instant();
    Family success =
        Family.gauge(
            "pgvitals_sample_success", "1 when the sampler's latest sample succeeded, else 0.");
    Family duration =
        Family.gauge(
            "pgvitals_sample_duration_seconds", "How long the sampler's latest sample took.");
    Family age =
        Family.gauge(
            "pgvitals_sample_age_seconds", "Seconds since the sampler's latest sample finished.");
    for (LatestSample<?> latest : samplers) {
      Optional<? extends Sample<?>> s = latest.get();
      if (s.isEmpty()) {
        success.add(0, "sampler", latest.sampler());
        continue;
      }
      Sample<?> sample = s.get();
      success.add(sample.ok() ? 1 : 0, "sampler", latest.sampler());
      duration.add(sample.took().toNanos() / 1e9, "sampler", latest.sampler());
      age.add(sample.age(now).toMillis() / 1e3, "sampler", latest.sampler());
    }
    return MetricSnapshots.of(success.build(), duration.build(), age.build());
  }
}
