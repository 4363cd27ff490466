package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.render.HealthcheckLine;
import dev.pgvitals.views.Golden;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthcheckLogLineTest {
  static final Duration MS = Duration.ofMillis(1);

  static CheckResult ok(String name, String text) {
    return CheckResult.passed(name, text, text, MS);
  }

  static CheckResult bad(String name, String text) {
    return CheckResult.failed(name, text, text, MS);
  }

  @Test
  void reproducesTheRecentLogsLinesOfTheGoldenSample() {
    SuiteResult failing =
        SuiteResult.of(
            "vm",
            List.of(
                ok("checkDisk", "20.53 GB (83.9%) free space on /data/"),
                ok("checkLoad", "load averages: 0.29 0.35 0.58"),
                bad("memory", "system spent 6.3 of the last 10 seconds waiting for memory"),
                bad("cpu", "system spent 27.5 of the last 10 seconds waiting for cpu"),
                ok("io", "io: 0.1s waiting over the last 60s")));
    SuiteResult passing =
        SuiteResult.of(
            "vm",
            List.of(
                ok("checkDisk", "20.66 GB (84.4%) free space on /data/"),
                ok("checkLoad", "load averages: 0.28 0.31 0.28"),
                ok("memory", "memory: 0.7s waiting over the last 60s"),
                ok("cpu", "cpu: 8.6s waiting over the last 60s"),
                ok("io", "io: 0.1s waiting over the last 60s")));
    List<String> sample = Golden.sample("vm-status.txt");
    List<String> logs = sample.subList(sample.indexOf("Recent Logs") + 1, sample.size());
    assertThat(
            List.of(
                "  "
                    + HealthcheckLogLine.line(
                        Instant.parse("2021-02-19T22:53:35Z"),
                        HealthcheckLine.format(failing, CheckFormat.SEED)),
                "  "
                    + HealthcheckLogLine.line(
                        Instant.parse("2021-02-19T22:54:35Z"),
                        HealthcheckLine.format(passing, CheckFormat.SEED))))
        .containsExactlyElementsOf(logs);
  }
}
