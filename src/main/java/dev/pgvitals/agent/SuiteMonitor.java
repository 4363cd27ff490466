package dev.pgvitals.agent;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.render.HealthcheckLine;
import dev.pgvitals.render.SuiteRenderer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a suite is evaluated and rendered. Keeps every suite's latest result, its text in
 * the configured format and when that last changed; writes the {@code [HEALTHCHECK]} log line when
 * {@link HealthcheckCadence} says it is due (status or the set of failing checks changed, else once
 * per interval). A suite is re-evaluated when a sampler it {@linkplain Suite#reads() reads} has a
 * new sample, and by the agent's staleness timer; a result equal to the previous one is not
 * rendered again. {@code /flycheck/*}, the node report and the check metrics all read from here.
 */
public final class SuiteMonitor {

  private static final Logger HEALTH = LoggerFactory.getLogger("healthcheck");

  /**
   * A suite's latest result.
   *
   * @param output the result rendered in the configured format
   * @param changed when the passing/critical status or the output last changed
   */
  public record SuiteState(SuiteResult result, String output, Instant changed) {
    public boolean passing() {
      return result.passed();
    }
  }

  /**
   * One evaluation of one suite, for the node report.
   *
   * @param statusChanged the passing/critical status differs from the previous evaluation (or this
   *     is the first)
   * @param loggedLine the {@code [HEALTHCHECK]} message logged for it, null when none was due
   */
  public record Evaluation(
      String suite, SuiteState state, Instant at, boolean statusChanged, String loggedLine) {
    public SuiteResult result() {
      return state.result();
    }
  }

  private final List<Suite> suites;
  private final CheckFormat format;
  private final HealthcheckCadence cadence;
  private final Map<String, SuiteState> states = new LinkedHashMap<>();
  private final List<Consumer<Evaluation>> listeners = new CopyOnWriteArrayList<>();
  private long evaluations;
  private long renderings;

  /**
   * @param logInterval how often an unchanged suite's line is repeated (see {@link
   *     HealthcheckCadence})
   */
  public SuiteMonitor(List<Suite> suites, CheckFormat format, Duration logInterval) {
    this.suites = List.copyOf(suites);
    this.format = format;
    this.cadence = new HealthcheckCadence(logInterval);
  }

  public List<Suite> suites() {
    return suites;
  }

  /** Called, under the monitor's lock, after every evaluation of every suite. */
  public void onEvaluated(Consumer<Evaluation> listener) {
    listeners.add(listener);
  }

  /**
   * Evaluates every suite now (start-up, and the timer that makes staleness show when a sampler
   * hangs). The time is read under the lock, so evaluations from several threads are stamped in the
   * order they happen.
   */
  public synchronized void refresh(Clock clock) {
    Instant now = clock.instant();
    for (Suite suite : suites) {
      evaluate(suite, now);
    }
  }

  /** Evaluates the suites that read {@code sampler}, after a new sample of it. */
  public synchronized void sampled(String sampler, Clock clock) {
    Instant now = clock.instant();
    for (Suite suite : suites) {
      if (suite.reads().contains(sampler)) {
        evaluate(suite, now);
      }
    }
  }

  private void evaluate(Suite suite, Instant now) {
    evaluations++;
    SuiteResult result = suite.evaluate(now);
    SuiteState before = states.get(suite.name());
    String output;
    if (before != null && before.result().equals(result)) {
      output = before.output();
    } else {
      output = SuiteRenderer.render(result, format);
      renderings++;
    }
    boolean statusChanged = before == null || before.passing() != result.passed();
    boolean outputChanged = before == null || !before.output().equals(output);
    Instant changed = statusChanged || outputChanged ? now : before.changed();
    SuiteState state = new SuiteState(result, output, changed);
    states.put(suite.name(), state);
    String line = null;
    if (cadence.due(result, now)) {
      line = HealthcheckLine.of(suite.name(), result.passed(), output);
      HEALTH.info(line);
    }
    Evaluation e = new Evaluation(suite.name(), state, now, statusChanged, line);
    listeners.forEach(l -> l.accept(e));
  }

  public synchronized Optional<SuiteState> state(String suite) {
    return Optional.ofNullable(states.get(suite));
  }

  /** The interval at which an unchanged suite's line is repeated. */
  public Duration logInterval() {
    return cadence.interval();
  }

  public synchronized Map<String, SuiteState> states() {
    return Map.copyOf(states);
  }

  /**
   * How many times suites were evaluated and how many of those results were rendered (tests,
   * bench).
   */
  synchronized long[] counts() {
    return new long[] {evaluations, renderings};
  }

  /**
   * The suites as the HTTP side serves them: each of this monitor's suites answers its latest
   * evaluated result (a request neither evaluates nor waits; one not evaluated yet is evaluated
   * now); a suite of {@code all} that this monitor does not watch is served as it is.
   */
  public List<Suite> served(Clock clock, List<Suite> all) {
    List<Suite> out = new ArrayList<>();
    for (Suite suite : all) {
      if (!suites.contains(suite)) {
        out.add(suite);
        continue;
      }
      out.add(
          new Suite() {
            @Override
            public String name() {
              return suite.name();
            }

            @Override
            public Set<String> reads() {
              return suite.reads();
            }

            @Override
            public SuiteResult evaluate(Instant now) {
              return state(suite.name())
                  .map(SuiteState::result)
                  .orElseGet(() -> suite.evaluate(clock.instant()));
            }
          });
    }
    return out;
  }
}
