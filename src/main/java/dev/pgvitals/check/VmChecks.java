package dev.pgvitals.check;

import dev.pgvitals.gofmt.GoFormat;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.host.HostSnapshot.PsiLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The vm suite of checks.md as a pure function of a {@link HostSnapshot}: disk, load, memory, cpu,
 * io, in that order. Check names are the reference agent's ({@code checkDisk}, {@code checkLoad},
 * {@code memory}, {@code cpu}, {@code io}).
 *
 * <p>PSI figures are true seconds, {@code window × avg / 100} (the reference printed the raw
 * percentage as if it were seconds).
 */
public final class VmChecks {

  public static final String SUITE = SuiteName.VM.label();
  public static final String DISK = "checkDisk";
  public static final String LOAD = "checkLoad";

  static final String PSI_UNAVAILABLE = "pressure stall information unavailable";

  private VmChecks() {}

  /**
   * @param elapsed how long the host reading took; reported as every check's elapsed time
   */
  public static SuiteResult evaluate(HostSnapshot host, VmThresholds thresholds, Duration elapsed) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(elapsed, "elapsed");
    List<CheckResult> checks = new ArrayList<>(5);
    checks.add(disk(host, thresholds, elapsed));
    checks.add(load(host, thresholds, elapsed));
    for (String resource : HostSnapshot.PSI_RESOURCES) {
      checks.add(pressure(resource, host.pressure().get(resource), thresholds, elapsed));
    }
    return SuiteResult.of(SUITE, checks);
  }

  static CheckResult disk(HostSnapshot host, VmThresholds t, Duration elapsed) {
    if (host.dataFs().isEmpty()) {
      String msg = "free space unknown: the data path could not be read";
      return CheckResult.failed(DISK, msg, msg, elapsed);
    }
    FileSystemUsage fs = host.dataFs().get();
    long available = Math.max(0, fs.availableBytes());
    // A file system of size 0 has no room at all: 0 %, not the NaN the reference would print.
    double fraction = fs.totalBytes() <= 0 ? 0 : (double) available / (double) fs.totalBytes();
    String msg =
        GoFormat.size(available)
            + " ("
            + GoFormat.fixed(fraction * 100, 1)
            + "%) free space on "
            + fs.path();
    return fraction < t.diskMinFreePercent() / 100
        ? CheckResult.failed(DISK, msg, msg, elapsed)
        : CheckResult.passed(DISK, msg, msg, elapsed);
  }

  static CheckResult load(HostSnapshot host, VmThresholds t, Duration elapsed) {
    if (host.load().isEmpty()) {
      String msg = "load averages unavailable";
      return CheckResult.passed(LOAD, msg, msg, elapsed);
    }
    LoadAverage l = host.load().get();
    double cpus = Math.max(1, host.logicalCpus());
    String failure = null;
    if (l.load1() / cpus > t.load1PerCpu()) {
      failure = "1 minute load average is very high: " + GoFormat.fixed(l.load1(), 2);
    } else if (l.load5() / cpus > t.load5PerCpu()) {
      failure = "5 minute load average is high: " + GoFormat.fixed(l.load5(), 2);
    } else if (l.load15() / cpus > t.load15PerCpu()) {
      failure = "15 minute load average is high: " + GoFormat.fixed(l.load15(), 2);
    }
    if (failure != null) {
      return CheckResult.failed(LOAD, failure, failure, elapsed);
    }
    String msg =
        "load averages: "
            + GoFormat.fixed(l.load1(), 2)
            + " "
            + GoFormat.fixed(l.load5(), 2)
            + " "
            + GoFormat.fixed(l.load15(), 2);
    return CheckResult.passed(LOAD, msg, msg, elapsed);
  }

  static CheckResult pressure(String name, Pressure pressure, VmThresholds t, Duration elapsed) {
    if (pressure == null) {
      return CheckResult.passed(name, name + ": " + PSI_UNAVAILABLE, PSI_UNAVAILABLE, elapsed);
    }
    PsiLine some = pressure.some();
    if (some.avg10() > t.psiAvg10Percent()) {
      return stalled(name, some.avg10(), 10, elapsed);
    }
    if (some.avg60() > t.psiAvg60Percent()) {
      return stalled(name, some.avg60(), 60, elapsed);
    }
    if (some.avg300() > t.psiAvg300Percent()) {
      return stalled(name, some.avg300(), 300, elapsed);
    }
    double seconds = seconds(some.avg60(), 60);
    return CheckResult.passed(
        name,
        name + ": " + GoFormat.fixed(seconds, 1) + "s waiting over the last 60s",
        "system spent " + psiDuration(seconds) + " of the last 60s waiting on " + name,
        elapsed);
  }

  private static CheckResult stalled(String name, double avg, int window, Duration elapsed) {
    double seconds = seconds(avg, window);
    return CheckResult.failed(
        name,
        "system spent "
            + GoFormat.fixed(seconds, 1)
            + "s of the last "
            + window
            + " seconds waiting for "
            + name,
        "system spent "
            + psiDuration(seconds)
            + " of the last "
            + window
            + " seconds waiting on "
            + name,
        elapsed);
  }

  /**
   * True stall seconds of a PSI average: the window times the percentage, as the reference computes
   * it.
   */
  static double seconds(double avgPercent, int window) {
    return window * (avgPercent / 100);
  }

  /**
   * The framework text of a stall: the reference formats the seconds with {@code %f} (six
   * decimals), parses that as a Go duration and rounds it to two decimals of its unit.
   */
  static String psiDuration(double seconds) {
    long nanos =
        new BigDecimal(GoFormat.fixed(seconds, 6))
            .movePointRight(9)
            .setScale(0, RoundingMode.UNNECESSARY)
            .longValueExact();
    return GoFormat.checkDuration(nanos);
  }
}
