package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.metrics.Metrics;
import dev.pgvitals.postgres.Role;
import dev.pgvitals.sample.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** pgvitals_check_passing and pgvitals_role from the monitor's results (the role as data). */
class CheckCollectorTest {

  final SteppingClock clock = new SteppingClock(Instant.parse("2021-02-19T22:53:35Z"));
  final SuiteMonitorTest.FakeSuite vm =
      new SuiteMonitorTest.FakeSuite("vm", Set.of("host"), SuiteMonitorTest.vm(false, "1 GB free"));
  final SuiteMonitorTest.FakeSuite role =
      new SuiteMonitorTest.FakeSuite(
          "role", Set.of("pg_fast"), SuiteResult.role(Role.REPLICA, Duration.ofMillis(2)));
  final SuiteMonitor monitor =
      new SuiteMonitor(List.of(vm, role), CheckFormat.SEED, Duration.ofMinutes(5));

  Exposition scrape() {
    try (Metrics metrics = new Metrics()) {
      metrics.register(new CheckCollector(monitor));
      return Exposition.parse(metrics.scrape(Metrics.TEXT_004));
    }
  }

  @Test
  void passingPerSuiteAndTheCurrentRole() {
    monitor.refresh(clock);
    Exposition e = scrape();
    assertThat(e.family("pgvitals_check_passing").value("check", "vm")).isEqualTo(0);
    assertThat(e.family("pgvitals_check_passing").value("check", "role")).isEqualTo(1);
    assertThat(e.family("pgvitals_role").value("role", "replica")).isEqualTo(1);
    assertThat(e.family("pgvitals_role").value("role", "leader")).isEqualTo(0);

    role.next = SuiteResult.role(Role.LEADER, Duration.ofMillis(2));
    monitor.sampled("pg_fast", clock);
    assertThat(scrape().family("pgvitals_role").value("role", "leader")).isEqualTo(1);
  }

  @Test
  void noRoleSeriesWhileTheRoleIsUnknown() {
    role.next =
        SuiteResult.setupFailed("role", "failed to connect to local node: connection refused");
    monitor.refresh(clock);
    Exposition e = scrape();
    assertThat(e.families()).doesNotContainKey("pgvitals_role");
    assertThat(e.family("pgvitals_check_passing").value("check", "role")).isEqualTo(0);
  }

  @Test
  void nothingBeforeTheFirstEvaluation() {
    assertThat(scrape().families()).doesNotContainKeys("pgvitals_role", "pgvitals_check_passing");
  }
}
