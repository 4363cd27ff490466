package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The [HEALTHCHECK] cadence, driven by a stepping clock through a real {@link SuiteMonitor}: a
 * suite re-evaluated every 5 s whose text changes every time (the load average) logs once a minute,
 * and at once when its status or its set of failing checks changes.
 */
class HealthcheckCadenceTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock that stands still until stepped. */
  private static final class SteppingClock extends Clock {
    Instant now = T0;

    void step(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /**
   * A vm-like suite whose load reading changes with every evaluation and whose failures a test
   * sets.
   */
  private static final class FakeVm implements Suite {
    int evaluations;
    Function<Integer, List<String>> failing = n -> List.of();

    @Override
    public String name() {
      return "vm";
    }

    @Override
    public java.util.Set<String> reads() {
      return java.util.Set.of("host");
    }

    @Override
    public SuiteResult evaluate(Instant now) {
      evaluations++;
      List<String> bad = failing.apply(evaluations);
      List<CheckResult> checks = new ArrayList<>();
      for (String name : List.of("load", "cpu", "io")) {
        String text = name + ": " + (evaluations % 97) / 10.0; // changes every time
        checks.add(
            bad.contains(name)
                ? CheckResult.failed(name, text, text, Duration.ZERO)
                : CheckResult.passed(name, text, text, Duration.ZERO));
      }
      return SuiteResult.of("vm", checks);
    }
  }

  private static List<Instant> run(SuiteMonitor monitor, SteppingClock clock, Duration total) {
    List<Instant> logged = new ArrayList<>();
    monitor.onEvaluated(
        e -> {
          if (e.loggedLine() != null) {
            logged.add(e.at());
          }
        });
    for (long s = 0; s < total.toSeconds(); s += 5) {
      monitor.refresh(clock);
      clock.step(Duration.ofSeconds(5));
    }
    return logged;
  }

  @Test
  void anUnchangedSuiteLogsOncePerIntervalThoughItsTextChangesEveryTime() {
    SteppingClock clock = new SteppingClock();
    SuiteMonitor monitor =
        new SuiteMonitor(List.of(new FakeVm()), CheckFormat.SEED, Duration.ofSeconds(60));
    List<Instant> logged = run(monitor, clock, Duration.ofMinutes(10));
    // 120 evaluations; the first, then one a minute
    assertThat(logged).hasSize(10);
    for (int i = 1; i < logged.size(); i++) {
      assertThat(Duration.between(logged.get(i - 1), logged.get(i)))
          .isEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void aStatusChangeOrANewFailingCheckLogsAtOnce() {
    SteppingClock clock = new SteppingClock();
    FakeVm vm = new FakeVm();
    // evaluations 1-3 pass, 4-6 cpu fails, 7-9 cpu and io fail, 10 on pass again
    vm.failing =
        n ->
            n <= 3
                ? List.of()
                : n <= 6 ? List.of("cpu") : n <= 9 ? List.of("cpu", "io") : List.of();
    SuiteMonitor monitor = new SuiteMonitor(List.of(vm), CheckFormat.SEED, Duration.ofSeconds(60));
    List<Instant> logged = run(monitor, clock, Duration.ofSeconds(60));
    assertThat(logged)
        .containsExactly(T0, T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(45));
  }

  @Test
  void theRecentLogHoldsAnHourAtTheDefaultInterval() {
    int lines = HealthcheckCadence.recentLines(3, HealthcheckCadence.DEFAULT_INTERVAL);
    assertThat(lines).isGreaterThanOrEqualTo(3 * 60);
    SteppingClock clock = new SteppingClock();
    FakeVm vm = new FakeVm();
    SuiteMonitor monitor =
        new SuiteMonitor(
            List.of(vm, renamed(vm, "pg"), renamed(vm, "role")),
            CheckFormat.SEED,
            HealthcheckCadence.DEFAULT_INTERVAL);
    EventRing<Instant> ring = new EventRing<>(lines);
    monitor.onEvaluated(
        e -> {
          if (e.loggedLine() != null) {
            ring.add(e.at());
          }
        });
    for (int i = 0; i < 2 * 3600 / 5; i++) { // two hours
      monitor.refresh(clock);
      clock.step(Duration.ofSeconds(5));
    }
    assertThat(ring.snapshot().get(0))
        .isBeforeOrEqualTo(clock.instant().minus(Duration.ofHours(1)));
  }

  @Test
  void anIntervalBelowOneSecondIsRefused() {
    assertThatThrownBy(() -> new HealthcheckCadence(Duration.ofMillis(500)))
        .hasMessage("--healthcheck-log-interval must be at least 1s");
  }

  private static Suite renamed(Suite s, String name) {
    return new Suite() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public java.util.Set<String> reads() {
        return s.reads();
      }

      @Override
      public SuiteResult evaluate(Instant now) {
        SuiteResult r = s.evaluate(now);
        return SuiteResult.of(name, r.checks());
      }
    };
  }
}
