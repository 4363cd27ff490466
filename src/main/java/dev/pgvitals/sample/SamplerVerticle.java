package dev.pgvitals.sample;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Sampler} on its own timer: the first sample at start, then one every {@code
 * interval} measured from the end of the previous one, so a slow source never piles up overlapping
 * samples. Each sample has a deadline; every outcome lands in a {@link LatestSample}.
 */
public final class SamplerVerticle<T> extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SamplerVerticle.class);

  private final Sampler<T> sampler;
  private final LatestSample<T> latest;
  private final Duration interval;
  private final Duration deadline;
  private final Clock clock;
  private long timerId = -1;
  private volatile boolean stopped;
  private String lastError;
  private volatile Future<?> inFlight;

  public SamplerVerticle(
      Sampler<T> sampler,
      LatestSample<T> latest,
      Duration interval,
      Duration deadline,
      Clock clock) {
    this.sampler = sampler;
    this.latest = latest;
    this.interval = interval;
    this.deadline = deadline;
    this.clock = clock;
  }

  /** The name of the sampler this verticle runs. */
  public String samplerName() {
    return sampler.name();
  }

  @Override
  public Future<?> start() {
    // The first sample is part of start-up, so the agent answers with data right away; a failed
    // first sample does not fail the deployment.
    return runOnce().onComplete(ar -> schedule());
  }

  /**
   * Cancels the timer and waits for the sample in flight, if any, to end (at most its deadline):
   * what the sampler still does (a connection attempt, a pool it closes) then happens while the
   * pools and Vert.x are still there, not after.
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    Future<?> running = inFlight;
    if (running == null || running.isComplete()) {
      return Future.succeededFuture();
    }
    return running
        .transform(ar -> Future.succeededFuture())
        .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .otherwiseEmpty();
  }

  private void schedule() {
    if (!stopped) {
      timerId =
          vertx.setTimer(
              Math.max(1, interval.toMillis()), id -> runOnce().onComplete(ar -> schedule()));
    }
  }

  /** Takes one sample and stores it; the returned future always succeeds. */
  Future<Sample<T>> runOnce() {
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    Future<T> f;
    try {
      f = sampler.sample();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    inFlight = f;
    Promise<Sample<T>> done = Promise.promise();
    f.timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              Duration took = Duration.ofNanos(System.nanoTime() - t0);
              Instant at = start.plus(took);
              Sample<T> s;
              if (ar.succeeded() && ar.result() != null) {
                s = Sample.ok(sampler.name(), ar.result(), at, took);
                if (lastError != null) {
                  LOG.info("sampler {} recovered", sampler.name());
                  lastError = null;
                }
              } else {
                Throwable cause = ar.cause();
                boolean timedOut =
                    cause instanceof TimeoutException
                        || (cause != null && cause.getCause() instanceof TimeoutException);
                String reason =
                    timedOut
                        ? "timed out after " + deadline.toMillis() + " ms"
                        : ErrorSummary.of(cause);
                s = Sample.failed(sampler.name(), reason, at, took);
                if (!reason.equals(lastError)
                    && !stopped) { // a sample cut short by stopping is not news
                  LOG.warn("sampler {} failed: {}", sampler.name(), reason);
                  lastError = reason;
                }
              }
              try {
                latest.set(s);
              } catch (RuntimeException e) {
                LOG.error("listener of sampler {} failed: {}", sampler.name(), ErrorSummary.of(e));
              }
              done.complete(s);
            });
    return done.future();
  }
}
