package dev.pgvitals.agent;

import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteResult;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.render.HealthcheckLine;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest result of every suite and when its status last changed, and writes the
 * {@code [HEALTHCHECK]} log line when {@link HealthcheckCadence} says it is due (status or the set
 * of failing checks changed, else once per interval). Fed after every new sample; the node API, the check
 * metrics and the cluster views read from here.
 */
public final class SuiteMonitor {

  private static final Logger HEALTH = LoggerFactory.getLogger("healthcheck");

  /** A suite's latest result and when its passing/critical status last changed. */
  public record SuiteState(SuiteResult result, Instant evaluatedAt, Instant statusSince, String output) {
    public boolean passing() {
      return result.passed();
    }
  }

  private final List<Suite> suites;
  private final CheckFormat format;
  private final HealthcheckCadence cadence;
  private final Map<String, SuiteState> states = new LinkedHashMap<>();
  private final List<Consumer<Evaluation>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * One evaluation of one suite, for the node report.
   *
   * @param statusChanged the passing/critical status differs from the previous evaluation (or
   *     this is the first)
   * @param loggedLine the {@code [HEALTHCHECK]} message logged for it, null when none was due
   */
  public record Evaluation(
      String suite, SuiteResult result, Instant at, boolean statusChanged, String loggedLine) {}

  /**
   * @param logInterval how often an unchanged suite's line is repeated (see {@link HealthcheckCadence})
   */
  public SuiteMonitor(List<Suite> suites, CheckFormat format, Duration logInterval) {
    this.suites = List.copyOf(suites);
    this.format = format;
    this.cadence = new HealthcheckCadence(logInterval);
  }

  public List<Suite> suites() {
    return suites;
  }

  public Optional<Suite> suite(String name) {
    return suites.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Called, under the monitor's lock, after every evaluation of every suite. */
  public void onEvaluated(Consumer<Evaluation> listener) {
    listeners.add(listener);
  }

  /**
   * Evaluates every suite now, records changes and logs. The time is read under the lock, so
   * evaluations from several threads are stamped in the order they happen.
   */
  public synchronized void refresh(java.time.Clock clock) {
    Instant now = clock.instant();
    for (Suite suite : suites) {
      SuiteResult result = suite.evaluate(now);
      String output = dev.pgvitals.render.SuiteRenderer.render(result, format);
      SuiteState before = states.get(suite.name());
      boolean statusChanged = before == null || before.passing() != result.passed();
      Instant since = statusChanged ? now : before.statusSince();
      states.put(suite.name(), new SuiteState(result, now, since, output));
      String line = null;
      if (cadence.due(result, now)) {
        line = HealthcheckLine.format(result, format);
        HEALTH.info(line);
      }
      Evaluation e = new Evaluation(suite.name(), result, now, statusChanged, line);
      listeners.forEach(l -> l.accept(e));
    }
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
}
