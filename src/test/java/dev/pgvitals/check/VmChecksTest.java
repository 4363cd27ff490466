package dev.pgvitals.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.host.HostSnapshot.PsiLine;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmChecksTest {

  private static final Duration ELAPSED = Duration.ofNanos(105_381);
  private static final VmThresholds DEFAULTS = VmThresholds.DEFAULTS;

  /** A healthy two-CPU host; tests change one part at a time. */
  private static final class Host {
    Optional<LoadAverage> load = Optional.of(new LoadAverage(0.29, 0.35, 0.50));
    int cpus = 2;
    Map<String, Pressure> pressure =
        new HashMap<>(
            Map.of(
                "memory", psi(0, 1.5, 0),
                "cpu", psi(0, 0, 0),
                "io", psi(0, 0.17, 0)));
    Optional<FileSystemUsage> fs = Optional.of(disk(22043509146L, 26273550829L));

    HostSnapshot snapshot() {
      return new HostSnapshot(load, cpus, pressure, Optional.empty(), fs, List.of());
    }

    CheckResult check(String name, VmThresholds t) {
      return VmChecks.evaluate(snapshot(), t, ELAPSED).checks().stream()
          .filter(c -> c.name().equals(name))
          .findFirst()
          .orElseThrow();
    }

    CheckResult check(String name) {
      return check(name, DEFAULTS);
    }
  }

  static Pressure psi(double avg10, double avg60, double avg300) {
    return new Pressure(new PsiLine(avg10, avg60, avg300, 123), Optional.empty());
  }

  static FileSystemUsage disk(long available, long total) {
    return new FileSystemUsage("/data/", "/data", "ext4", "/dev/vdb", total, available);
  }

  private static void assertPassed(CheckResult c, String seed, String framework) {
    assertThat(c.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(c.seedText()).isEqualTo(seed);
    assertThat(c.frameworkText()).isEqualTo(framework);
  }

  private static void assertFailed(CheckResult c, String seed, String framework) {
    assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(c.seedText()).isEqualTo(seed);
    assertThat(c.frameworkText()).isEqualTo(framework);
  }

  @Test
  void suiteHasTheFiveChecksInOrderWithTheReferenceNames() {
    SuiteResult r = VmChecks.evaluate(new Host().snapshot(), DEFAULTS, ELAPSED);
    assertThat(r.suite()).isEqualTo("vm");
    assertThat(r.setupError()).isNull();
    assertThat(r.checks())
        .extracting(CheckResult::name)
        .containsExactly("checkDisk", "checkLoad", "memory", "cpu", "io");
    assertThat(r.checks()).extracting(CheckResult::elapsed).containsOnly(ELAPSED);
    assertThat(r.passed()).isTrue();
  }

  @Test
  void healthyHostGivesTheSeedTextsOfTheGoldenSample() {
    SuiteResult r = VmChecks.evaluate(new Host().snapshot(), DEFAULTS, ELAPSED);
    assertThat(r.checks())
        .extracting(CheckResult::seedText)
        .containsExactly(
            "20.53 GB (83.9%) free space on /data/",
            "load averages: 0.29 0.35 0.50",
            "memory: 0.9s waiting over the last 60s",
            "cpu: 0.0s waiting over the last 60s",
            "io: 0.1s waiting over the last 60s");
    assertThat(r.checks())
        .extracting(CheckResult::frameworkText)
        .containsExactly(
            "20.53 GB (83.9%) free space on /data/",
            "load averages: 0.29 0.35 0.50",
            "system spent 900ms of the last 60s waiting on memory",
            "system spent 0s of the last 60s waiting on cpu",
            "system spent 102ms of the last 60s waiting on io");
  }

  @Nested
  class Disk {

    @Test
    void exactlyTenPercentFreePasses() {
      Host h = new Host();
      h.fs = Optional.of(disk(10_000_000_000L, 100_000_000_000L));
      String msg = "9.31 GB (10.0%) free space on /data/";
      assertPassed(h.check("checkDisk"), msg, msg);
    }

    @Test
    void oneByteBelowTenPercentFailsWithTheSameText() {
      Host h = new Host();
      h.fs = Optional.of(disk(9_999_999_999L, 100_000_000_000L));
      String msg = "9.31 GB (10.0%) free space on /data/";
      assertFailed(h.check("checkDisk"), msg, msg);
    }

    @Test
    void noFreeSpacePrintsZeroBytesAndFails() {
      Host h = new Host();
      h.fs = Optional.of(disk(0, 100_000_000_000L));
      String msg = "0 B (0.0%) free space on /data/";
      assertFailed(h.check("checkDisk"), msg, msg);
    }

    @Test
    void aZeroByteFileSystemFailsAsFull() {
      Host h = new Host();
      h.fs = Optional.of(disk(0, 0));
      String msg = "0 B (0.0%) free space on /data/";
      assertFailed(h.check("checkDisk"), msg, msg);
    }

    @Test
    void thePathIsPrintedAsConfigured() {
      Host h = new Host();
      h.fs =
          Optional.of(
              new FileSystemUsage(
                  "/var/lib/postgresql/data", "/", "ext4", "/dev/vda1", 1L << 40, 1L << 39));
      assertThat(h.check("checkDisk").seedText())
          .isEqualTo("512 GB (50.0%) free space on /var/lib/postgresql/data");
    }

    @Test
    void anUnreadableDataPathFails() {
      Host h = new Host();
      h.fs = Optional.empty();
      String msg = "free space unknown: the data path could not be read";
      assertFailed(h.check("checkDisk"), msg, msg);
    }

    @Test
    void theThresholdIsConfigurable() {
      Host h = new Host();
      h.fs = Optional.of(disk(20, 100));
      assertThat(h.check("checkDisk").outcome()).isEqualTo(Outcome.PASSED);
      assertThat(h.check("checkDisk", DEFAULTS.withDiskMinFreePercent(25)).outcome())
          .isEqualTo(Outcome.FAILED);
      assertThat(h.check("checkDisk", DEFAULTS.withDiskMinFreePercent(20)).outcome())
          .isEqualTo(Outcome.PASSED);
      h.fs = Optional.of(disk(0, 100));
      assertThat(h.check("checkDisk", DEFAULTS.withDiskMinFreePercent(0)).outcome())
          .isEqualTo(Outcome.PASSED);
    }
  }

  @Nested
  class Load {

    @ParameterizedTest(name = "{0} {1} {2} on 2 CPUs -> {3}")
    @CsvSource(
        delimiter = '|',
        value = {
          // exactly at a threshold passes
          "20|8|4|load averages: 20.00 8.00 4.00",
          // just above each threshold fails with that window's message
          "20.02|0|0|1 minute load average is very high: 20.02",
          "0|8.01|0|5 minute load average is high: 8.01",
          "0|0|4.01|15 minute load average is high: 4.01",
          // first match wins: 1 before 5 before 15
          "25|9|5|1 minute load average is very high: 25.00",
          "1|9|5|5 minute load average is high: 9.00",
          // %.2f rounds the binary value half to even
          "0.125|0.375|2.675|load averages: 0.12 0.38 2.67",
        })
    void thresholdsPerCpu(double l1, double l5, double l15, String expected) {
      Host h = new Host();
      h.load = Optional.of(new LoadAverage(l1, l5, l15));
      CheckResult c = h.check("checkLoad");
      assertThat(c.seedText()).isEqualTo(expected);
      assertThat(c.frameworkText()).isEqualTo(expected);
      assertThat(c.outcome())
          .isEqualTo(expected.startsWith("load averages") ? Outcome.PASSED : Outcome.FAILED);
    }

    @Test
    void anUnknownCpuCountCountsAsOne() {
      Host h = new Host();
      h.cpus = 0;
      h.load = Optional.of(new LoadAverage(10, 0, 0));
      assertThat(h.check("checkLoad").outcome()).isEqualTo(Outcome.PASSED);
      h.load = Optional.of(new LoadAverage(10.01, 0, 0));
      assertFailed(
          h.check("checkLoad"),
          "1 minute load average is very high: 10.01",
          "1 minute load average is very high: 10.01");
    }

    @Test
    void moreCpusCarryMoreLoad() {
      Host h = new Host();
      h.cpus = 64;
      h.load = Optional.of(new LoadAverage(600, 250, 120));
      assertThat(h.check("checkLoad").seedText()).isEqualTo("load averages: 600.00 250.00 120.00");
    }

    @Test
    void missingLoadPassesAndSaysSo() {
      Host h = new Host();
      h.load = Optional.empty();
      assertPassed(h.check("checkLoad"), "load averages unavailable", "load averages unavailable");
    }

    @Test
    void theThresholdsAreConfigurable() {
      Host h = new Host();
      h.load = Optional.of(new LoadAverage(3, 3, 3));
      assertThat(h.check("checkLoad").outcome()).isEqualTo(Outcome.PASSED);
      assertThat(h.check("checkLoad", DEFAULTS.withLoadPerCpu(10, 4, 1)).seedText())
          .isEqualTo("15 minute load average is high: 3.00");
    }
  }

  @Nested
  class Pressure_ {

    @ParameterizedTest(name = "{0}: avg10={1} avg60={2} avg300={3}")
    @CsvSource(
        delimiter = '|',
        value = {
          // exactly at every threshold passes
          "cpu|10|10|10|P|cpu: 6.0s waiting over the last 60s|system spent 6s of the last 60s waiting on cpu",
          // just above each threshold fails, in true seconds
          "cpu|10.01|0|0|F|system spent 1.0s of the last 10 seconds waiting for cpu|system spent 1s of the last 10 seconds waiting on cpu",
          "memory|0|10.01|0|F|system spent 6.0s of the last 60 seconds waiting for memory|system spent 6.01s of the last 60 seconds waiting on memory",
          "io|0|0|10.01|F|system spent 30.0s of the last 300 seconds waiting for io|system spent 30.03s of the last 300 seconds waiting on io",
          // first match wins: 10 s before 60 s before 300 s
          "cpu|31.9|26.59|9.07|F|system spent 3.2s of the last 10 seconds waiting for cpu|system spent 3.19s of the last 10 seconds waiting on cpu",
          "cpu|9|26.59|50|F|system spent 16.0s of the last 60 seconds waiting for cpu|system spent 15.95s of the last 60 seconds waiting on cpu",
          // passing figures are the 60 s window in true seconds
          "memory|0|1.5|0|P|memory: 0.9s waiting over the last 60s|system spent 900ms of the last 60s waiting on memory",
          "io|0|0.01|0|P|io: 0.0s waiting over the last 60s|system spent 6ms of the last 60s waiting on io",
          "io|0|0|0|P|io: 0.0s waiting over the last 60s|system spent 0s of the last 60s waiting on io",
          "cpu|0|9.99|0|P|cpu: 6.0s waiting over the last 60s|system spent 5.99s of the last 60s waiting on cpu",
          "cpu|0.5|0.25|0.1|P|cpu: 0.1s waiting over the last 60s|system spent 150ms of the last 60s waiting on cpu",
        })
    void thresholdsAndTexts(
        String name,
        double avg10,
        double avg60,
        double avg300,
        String outcome,
        String seed,
        String framework) {
      Host h = new Host();
      h.pressure.put(name, psi(avg10, avg60, avg300));
      CheckResult c = h.check(name);
      assertThat(c.outcome()).isEqualTo(outcome.equals("P") ? Outcome.PASSED : Outcome.FAILED);
      assertThat(c.seedText()).isEqualTo(seed);
      assertThat(c.frameworkText()).isEqualTo(framework);
    }

    @Test
    void missingPsiPassesAndSaysSo() {
      Host h = new Host();
      h.pressure.remove("cpu");
      assertPassed(
          h.check("cpu"),
          "cpu: pressure stall information unavailable",
          "pressure stall information unavailable");
      assertThat(VmChecks.evaluate(h.snapshot(), DEFAULTS, ELAPSED).passed()).isTrue();
    }

    @Test
    void noPsiAtAllStillGivesFiveChecks() {
      Host h = new Host();
      h.pressure.clear();
      SuiteResult r = VmChecks.evaluate(h.snapshot(), DEFAULTS, ELAPSED);
      assertThat(r.checks())
          .extracting(CheckResult::seedText)
          .endsWith(
              "memory: pressure stall information unavailable",
              "cpu: pressure stall information unavailable",
              "io: pressure stall information unavailable");
    }

    @Test
    void theFullLineDoesNotChangeTheVerdict() {
      Host h = new Host();
      h.pressure.put(
          "io", new Pressure(new PsiLine(0, 1.5, 0, 1), Optional.of(new PsiLine(99, 99, 99, 1))));
      assertThat(h.check("io").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void theThresholdsAreConfigurable() {
      Host h = new Host();
      h.pressure.put("cpu", psi(0, 14.33, 0));
      assertThat(h.check("cpu").outcome()).isEqualTo(Outcome.FAILED);
      assertPassed(
          h.check("cpu", DEFAULTS.withPsiPercent(10, 15, 10)),
          "cpu: 8.6s waiting over the last 60s",
          "system spent 8.6s of the last 60s waiting on cpu");
    }
  }

  @Test
  void oneFailingCheckFailsTheSuite() {
    Host h = new Host();
    h.pressure.put("cpu", psi(31.9, 0, 0));
    SuiteResult r = VmChecks.evaluate(h.snapshot(), DEFAULTS, ELAPSED);
    assertThat(r.passed()).isFalse();
    assertThat(r.checks())
        .filteredOn(c -> !c.passed())
        .extracting(CheckResult::name)
        .containsExactly("cpu");
  }

  @Test
  void thresholdsRejectNonsense() {
    assertThatThrownBy(() -> DEFAULTS.withDiskMinFreePercent(-1))
        .hasMessage("diskMinFreePercent must be a number of at least 0, got -1.0");
    assertThatThrownBy(() -> DEFAULTS.withDiskMinFreePercent(101))
        .hasMessage("diskMinFreePercent must be at most 100, got 101.0");
    assertThatThrownBy(() -> DEFAULTS.withPsiPercent(Double.NaN, 10, 10))
        .hasMessage("psiAvg10Percent must be a number of at least 0, got NaN");
    assertThat(VmThresholds.DEFAULTS).isEqualTo(new VmThresholds(10, 10, 4, 2, 10, 10, 10));
  }
}
