package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.sample.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The suite monitor with hand-made suites and a clock that moves only when told to. */
class SuiteMonitorTest {

  static final Instant T0 = Instant.parse("2021-02-19T22:53:35Z");
  static final Duration MS = Duration.ofMillis(1);

  /** A suite whose next result the test sets, counting its evaluations. */
  static final class FakeSuite implements Suite {
    final String name;
    final Set<String> reads;
    SuiteResult next;
    int evaluations;

    FakeSuite(String name, Set<String> reads, SuiteResult first) {
      this.name = name;
      this.reads = reads;
      this.next = first;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> reads() {
      return reads;
    }

    @Override
    public SuiteResult evaluate(Instant now) {
      evaluations++;
      return next;
    }
  }

  static SuiteResult vm(boolean passing, String disk) {
    CheckResult c =
        passing
            ? CheckResult.passed("checkDisk", disk, disk, MS)
            : CheckResult.failed("checkDisk", disk, disk, MS);
    return SuiteResult.of("vm", List.of(c));
  }

  final SteppingClock clock = new SteppingClock(T0);
  final FakeSuite vm = new FakeSuite("vm", Set.of("host"), vm(true, "20 GB free"));
  final FakeSuite pg =
      new FakeSuite(
          "pg",
          Set.of("pg_fast", "pg_leader"),
          SuiteResult.setupFailed("pg", "failed to connect to local node: no sample yet"));
  final SuiteMonitor monitor =
      new SuiteMonitor(List.of(vm, pg), CheckFormat.SEED, Duration.ofMinutes(5));
  final List<SuiteMonitor.Evaluation> evaluations = new ArrayList<>();

  {
    monitor.onEvaluated(evaluations::add);
  }

  @Test
  void aSampleReEvaluatesOnlyTheSuitesThatReadIt() {
    monitor.refresh(clock);
    assertThat(vm.evaluations).isEqualTo(1);
    assertThat(pg.evaluations).isEqualTo(1);
    monitor.sampled("host", clock);
    assertThat(vm.evaluations).isEqualTo(2);
    assertThat(pg.evaluations).isEqualTo(1);
    monitor.sampled("pg_leader", clock);
    monitor.sampled("pg_stats", clock); // read by no suite
    assertThat(vm.evaluations).isEqualTo(2);
    assertThat(pg.evaluations).isEqualTo(2);
  }

  @Test
  void anUnchangedResultIsRenderedOnceAndKeepsItsChangeTime() {
    monitor.refresh(clock);
    long rendered = monitor.counts()[1];
    clock.advance(Duration.ofSeconds(15));
    monitor.sampled("host", clock);
    assertThat(monitor.counts()[1]).isEqualTo(rendered); // equal result: the text is reused
    SuiteMonitor.SuiteState state = monitor.state("vm").orElseThrow();
    assertThat(state.output()).isEqualTo("[✓] 20 GB free\n");
    assertThat(state.changed()).isEqualTo(T0);
    assertThat(evaluations.get(evaluations.size() - 1).loggedLine()).isNull(); // nothing new to log

    vm.next = vm(true, "19 GB free");
    clock.advance(Duration.ofSeconds(15));
    monitor.sampled("host", clock);
    assertThat(monitor.counts()[1]).isEqualTo(rendered + 1);
    assertThat(monitor.state("vm").orElseThrow().changed()).isEqualTo(T0.plusSeconds(30));
    SuiteMonitor.Evaluation last = evaluations.get(evaluations.size() - 1);
    assertThat(last.statusChanged()).isFalse();
    // the same status and the same failing checks: the line waits for its interval
    // (HealthcheckCadence)
    assertThat(last.loggedLine()).isNull();
  }

  @Test
  void aFailingSuiteIsLoggedAgainEveryFiveMinutesAndAStatusFlipIsMarked() {
    monitor.refresh(clock);
    vm.next = vm(false, "1 GB free");
    monitor.sampled("host", clock);
    SuiteMonitor.Evaluation flip = evaluations.get(evaluations.size() - 1);
    assertThat(flip.statusChanged()).isTrue();
    assertThat(flip.loggedLine()).isEqualTo("[HEALTHCHECK] [vm: failing] [✗] 1 GB free↩︎");

    clock.advance(Duration.ofMinutes(4));
    monitor.sampled("host", clock);
    assertThat(evaluations.get(evaluations.size() - 1).loggedLine()).isNull();
    clock.advance(Duration.ofMinutes(1));
    monitor.sampled("host", clock);
    assertThat(evaluations.get(evaluations.size() - 1).loggedLine()).isEqualTo(flip.loggedLine());
    assertThat(monitor.state("vm").orElseThrow().changed()).isEqualTo(T0); // same text, same status
  }

  @Test
  void servedSuitesAnswerTheLatestResultWithoutEvaluating() {
    monitor.refresh(clock);
    Suite served = monitor.served(clock, monitor.suites()).get(0);
    vm.next = vm(false, "changed meanwhile");
    assertThat(served.evaluate(clock.instant()).passed()).isTrue();
    assertThat(vm.evaluations).isEqualTo(1);
    assertThat(served.name()).isEqualTo("vm");
    assertThat(served.reads()).containsExactly("host");
  }
}
