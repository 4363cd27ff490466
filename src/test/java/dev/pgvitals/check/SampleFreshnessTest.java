package dev.pgvitals.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.sample.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleFreshnessTest {

  static final Instant T0 = Instant.parse("2021-02-19T22:53:35Z");
  static final Duration MAX_AGE = Duration.ofSeconds(20);

  final SteppingClock clock = new SteppingClock(T0);
  final LatestSample<String> latest = new LatestSample<>("host");

  @Test
  void noSampleYet() {
    SampleFreshness.Result<String> r = SampleFreshness.judge(latest, MAX_AGE, clock.instant());
    assertThat(r.usable()).isFalse();
    assertThat(r.problem()).isEqualTo("no host sample yet");
  }

  @Test
  void aFailedSampleGivesItsReason() {
    latest.set(Sample.failed("host", "timed out after 5000 ms", T0, Duration.ofSeconds(5)));
    assertThat(SampleFreshness.judge(latest, MAX_AGE, clock.instant()).problem())
        .isEqualTo("timed out after 5000 ms");
  }

  @Test
  void freshUpToTheMaximumAgeThenStale() {
    latest.set(Sample.ok("host", "reading", T0, Duration.ofMillis(3)));
    clock.advance(MAX_AGE);
    SampleFreshness.Result<String> atLimit =
        SampleFreshness.judge(latest, MAX_AGE, clock.instant());
    assertThat(atLimit.usable()).isTrue();
    assertThat(atLimit.sample().value()).isEqualTo("reading");
    clock.advance(Duration.ofMillis(1));
    SampleFreshness.Result<String> stale = SampleFreshness.judge(latest, MAX_AGE, clock.instant());
    assertThat(stale.usable()).isFalse();
    assertThat(stale.problem()).isEqualTo("host sample is stale (taken 20s ago)");
  }

  @Test
  void aSampleFromTheFutureIsFresh() {
    latest.set(Sample.ok("host", "reading", T0.plusSeconds(1), Duration.ZERO));
    assertThat(SampleFreshness.judge(latest, MAX_AGE, clock.instant()).usable()).isTrue();
  }
}
