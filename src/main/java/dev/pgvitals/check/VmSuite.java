package dev.pgvitals.check;

import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.sample.LatestSample;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The vm suite over the latest host sample: {@link VmChecks} when the sample is fresh, else a
 * one-line setup error ({@code host sampling failed: …}). A sample counts as fresh for three
 * sampling intervals plus the deadline.
 */
public final class VmSuite implements Suite {

  private final LatestSample<HostSnapshot> host;
  private final VmThresholds thresholds;
  private final Duration maxAge;

  public VmSuite(
      LatestSample<HostSnapshot> host,
      VmThresholds thresholds,
      Duration interval,
      Duration deadline) {
    this.host = host;
    this.thresholds = thresholds;
    this.maxAge = interval.multipliedBy(3).plus(deadline);
  }

  @Override
  public String name() {
    return VmChecks.SUITE;
  }

  @Override
  public Set<String> reads() {
    return Set.of(host.sampler());
  }

  @Override
  public SuiteResult evaluate(Instant now) {
    SampleFreshness.Result<HostSnapshot> r = SampleFreshness.judge(host, maxAge, now);
    if (!r.usable()) {
      return SuiteResult.setupFailed(name(), "host sampling failed: " + r.problem());
    }
    return VmChecks.evaluate(r.sample().value(), thresholds, r.sample().took());
  }
}
