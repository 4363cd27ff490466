package dev.pgvitals.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.check.VmChecks;
import dev.pgvitals.check.VmThresholds;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.host.HostSnapshot.PsiLine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthcheckLineTest {

  /** The golden Recent Logs lines without the logger's {@code <timestamp> [info] } prefix. */
  static List<String> goldenLogLines() throws IOException {
    return SuiteRendererTest.golden()
        .lines()
        .filter(l -> l.contains("[HEALTHCHECK]"))
        .map(l -> l.substring(l.indexOf("[HEALTHCHECK]")))
        .toList();
  }

  static CheckResult pass(String seed) {
    return CheckResult.passed("x", seed, seed, Duration.ZERO);
  }

  static CheckResult fail(String seed) {
    return CheckResult.failed("x", seed, seed, Duration.ZERO);
  }

  @Test
  void failingLineMatchesTheGoldenLog() throws IOException {
    SuiteResult vm =
        SuiteResult.of(
            "vm",
            List.of(
                pass("20.53 GB (83.9%) free space on /data/"),
                pass("load averages: 0.29 0.35 0.58"),
                fail("system spent 6.3 of the last 10 seconds waiting for memory"),
                fail("system spent 27.5 of the last 10 seconds waiting for cpu"),
                pass("io: 0.1s waiting over the last 60s")));
    assertThat(HealthcheckLine.format(vm, CheckFormat.SEED)).isEqualTo(goldenLogLines().get(0));
  }

  @Test
  void passingLineMatchesTheGoldenLogEndToEndFromASnapshot() throws IOException {
    // The golden sample's "cpu: 8.6s" in true seconds is avg60 = 14.33 %, over the default 10 %,
    // so this host runs with the avg60 threshold raised to 15 %.
    HostSnapshot host =
        new HostSnapshot(
            Optional.of(new LoadAverage(0.28, 0.31, 0.28)),
            2,
            Map.of(
                "memory", new Pressure(new PsiLine(0, 1.17, 0, 1), Optional.empty()),
                "cpu", new Pressure(new PsiLine(0, 14.33, 0, 1), Optional.empty()),
                "io", new Pressure(new PsiLine(0, 0.17, 0, 1), Optional.empty())),
            Optional.empty(),
            Optional.of(
                new FileSystemUsage(
                    "/data/", "/data", "ext4", "/dev/vdb", 26283692963L, 22183436861L)),
            List.of());
    SuiteResult vm =
        VmChecks.evaluate(
            host, VmThresholds.DEFAULTS.withPsiPercent(10, 15, 10), Duration.ofMillis(1));
    assertThat(HealthcheckLine.format(vm, CheckFormat.SEED)).isEqualTo(goldenLogLines().get(1));
  }

  @Test
  void newlinesBecomeTheHookArrowWithTextPresentation() {
    SuiteResult vm = SuiteResult.of("vm", List.of(pass("a"), pass("b")));
    assertThat(HealthcheckLine.format(vm, CheckFormat.SEED))
        .isEqualTo("[HEALTHCHECK] [vm: passing] [\u2713] a\u21A9\uFE0E[\u2713] b\u21A9\uFE0E")
        .doesNotContain("\n");
  }

  @Test
  void frameworkFormatHasNoTrailingMark() {
    SuiteResult pg =
        SuiteResult.of(
            "pg",
            List.of(
                CheckResult.failed(
                    "connections", "", "97 used, 3 reserved, 100 max", Duration.ofNanos(246_000))));
    assertThat(HealthcheckLine.format(pg, CheckFormat.FRAMEWORK))
        .isEqualTo(
            "[HEALTHCHECK] [pg: failing] [✗] connections: 97 used, 3 reserved, 100 max (246µs)");
  }

  @Test
  void roleAndSetupErrors() {
    SuiteResult role =
        SuiteResult.of(
            "role", List.of(CheckResult.passed("role", "leader", "leader", Duration.ZERO)));
    assertThat(HealthcheckLine.format(role, CheckFormat.SEED))
        .isEqualTo("[HEALTHCHECK] [role: passing] leader↩︎");
    SuiteResult down =
        SuiteResult.setupFailed("pg", "failed to connect to local node: connection refused");
    assertThat(HealthcheckLine.format(down, CheckFormat.FRAMEWORK))
        .isEqualTo(
            "[HEALTHCHECK] [pg: failing] failed to connect to local node: connection refused");
  }
}
