package dev.pgvitals.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.testpg.Wait;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sampling loop with a fake sampler: first sample at start, deadlines, failures, no overlap,
 * stop.
 */
class SamplerVerticleTest {

  static final Instant T0 = Instant.parse("2021-02-19T22:53:35Z");
  static final Duration WAIT = Duration.ofSeconds(30);
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A sampler whose n-th call (from 1) answers {@code answer.apply(n)}; counts calls in flight. */
  static final class FakeSampler implements Sampler<String> {
    final IntFunction<Future<String>> answer;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();

    FakeSampler(IntFunction<Future<String>> answer) {
      this.answer = answer;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Future<String> sample() {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      return answer.apply(calls.incrementAndGet()).andThen(ar -> running.decrementAndGet());
    }
  }

  static <T> List<Sample<T>> collect(LatestSample<T> latest) {
    List<Sample<T>> out = new CopyOnWriteArrayList<>();
    latest.onSample(out::add);
    return out;
  }

  @Test
  void theFirstSampleIsPartOfStartAndStampedByTheClock() throws Exception {
    FakeSampler fake = new FakeSampler(n -> Future.succeededFuture("reading " + n));
    LatestSample<String> latest = new LatestSample<>("fake");
    SteppingClock clock = new SteppingClock(T0);
    String id =
        vertx
            .deployVerticle(
                new SamplerVerticle<>(
                    fake, latest, Duration.ofHours(1), Duration.ofSeconds(5), clock))
            .await(30, TimeUnit.SECONDS);
    Sample<String> first = latest.get().orElseThrow();
    assertThat(first.ok()).isTrue();
    assertThat(first.value()).isEqualTo("reading 1");
    assertThat(first.at()).isEqualTo(T0.plus(first.took()));
    vertx.undeploy(id).await(30, TimeUnit.SECONDS);
  }

  @Test
  void aThrowingOrFailingSamplerGivesAFailedSampleAndTheLoopGoesOn() throws Exception {
    FakeSampler fake =
        new FakeSampler(
            n -> {
              if (n == 1) {
                throw new IllegalStateException("broken\nsecond line");
              }
              return n == 2
                  ? Future.failedFuture(new java.io.IOException("connection refused"))
                  : Future.succeededFuture("ok");
            });
    LatestSample<String> latest = new LatestSample<>("fake");
    List<Sample<String>> seen = collect(latest);
    String id =
        vertx
            .deployVerticle(
                new SamplerVerticle<>(
                    fake,
                    latest,
                    Duration.ofMillis(1),
                    Duration.ofSeconds(5),
                    new SteppingClock(T0)))
            .await(30, TimeUnit.SECONDS);
    Wait.until("three samples", WAIT, () -> seen.size() >= 3);
    vertx.undeploy(id).await(30, TimeUnit.SECONDS);
    assertThat(seen.get(0).error()).isEqualTo("broken");
    assertThat(seen.get(1).error()).isEqualTo("connection refused");
    assertThat(seen.get(2).value()).isEqualTo("ok");
  }

  @Test
  void aHungSampleFailsAtItsDeadline() throws Exception {
    FakeSampler fake = new FakeSampler(n -> Promise.<String>promise().future()); // never completes
    LatestSample<String> latest = new LatestSample<>("fake");
    String id =
        vertx
            .deployVerticle(
                new SamplerVerticle<>(
                    fake,
                    latest,
                    Duration.ofHours(1),
                    Duration.ofMillis(100),
                    new SteppingClock(T0)))
            .await(30, TimeUnit.SECONDS);
    assertThat(latest.get().orElseThrow().error()).isEqualTo("timed out after 100 ms");
    vertx.undeploy(id).await(30, TimeUnit.SECONDS);
  }

  @Test
  void samplesNeverOverlapEvenWhenSlowerThanTheInterval() throws Exception {
    FakeSampler fake =
        new FakeSampler(
            n -> {
              Promise<String> p = Promise.promise();
              vertx.setTimer(20, t -> p.complete("slow " + n));
              return p.future();
            });
    LatestSample<String> latest = new LatestSample<>("fake");
    List<Sample<String>> seen = collect(latest);
    String id =
        vertx
            .deployVerticle(
                new SamplerVerticle<>(
                    fake,
                    latest,
                    Duration.ofMillis(1),
                    Duration.ofSeconds(5),
                    new SteppingClock(T0)))
            .await(30, TimeUnit.SECONDS);
    Wait.until("five samples", WAIT, () -> seen.size() >= 5);
    vertx.undeploy(id).await(30, TimeUnit.SECONDS);
    assertThat(fake.maxRunning.get()).isEqualTo(1);
    assertThat(seen).allMatch(Sample::ok);
  }

  @Test
  void stopWaitsForTheSampleInFlightAndLogsNothingNew() throws Exception {
    Promise<String> second = Promise.promise();
    FakeSampler fake =
        new FakeSampler(n -> n == 1 ? Future.succeededFuture("first") : second.future());
    LatestSample<String> latest = new LatestSample<>("fake");
    String id =
        vertx
            .deployVerticle(
                new SamplerVerticle<>(
                    fake,
                    latest,
                    Duration.ofMillis(1),
                    Duration.ofSeconds(30),
                    new SteppingClock(T0)))
            .await(30, TimeUnit.SECONDS);
    Wait.until("second sample in flight", WAIT, () -> fake.calls.get() == 2);
    Future<Void> undeploy = vertx.undeploy(id);
    assertThatThrownBy(() -> undeploy.await(500, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    second.complete("second");
    undeploy.await(30, TimeUnit.SECONDS);
    assertThat(fake.calls.get()).isEqualTo(2); // no sample after stop
  }
}
