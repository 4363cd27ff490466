package dev.pgvitals.check;

/**
 * Where the vm suite's checks fail (checks.md). Each check fails when its reading is strictly
 * beyond the threshold, except the disk check, which fails when free space is strictly below it.
 *
 * @param diskMinFreePercent disk fails when available space is below this percentage of the total
 * @param load1PerCpu load fails when the 1 minute load average per logical CPU is above this
 * @param load5PerCpu … the 5 minute load average per CPU
 * @param load15PerCpu … the 15 minute load average per CPU
 * @param psiAvg10Percent memory, cpu and io fail when PSI {@code some avg10} is above this
 * @param psiAvg60Percent … {@code some avg60}
 * @param psiAvg300Percent … {@code some avg300}
 */
public record VmThresholds(
    double diskMinFreePercent,
    double load1PerCpu,
    double load5PerCpu,
    double load15PerCpu,
    double psiAvg10Percent,
    double psiAvg60Percent,
    double psiAvg300Percent) {

  /**
   * The reference's thresholds: 10 % free disk; load 10 / 4 / 2 per CPU; PSI 10 % in every window.
   */
  public static final VmThresholds DEFAULTS = new VmThresholds(10, 10, 4, 2, 10, 10, 10);

  public VmThresholds {
    check("diskMinFreePercent", diskMinFreePercent);
    if (diskMinFreePercent > 100) {
      throw new IllegalArgumentException(
          "diskMinFreePercent must be at most 100, got " + diskMinFreePercent);
    }
    check("load1PerCpu", load1PerCpu);
    check("load5PerCpu", load5PerCpu);
    check("load15PerCpu", load15PerCpu);
    check("psiAvg10Percent", psiAvg10Percent);
    check("psiAvg60Percent", psiAvg60Percent);
    check("psiAvg300Percent", psiAvg300Percent);
  }

  private static void check(String name, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(name + " must be a number of at least 0, got " + v);
    }
  }

  public VmThresholds withDiskMinFreePercent(double v) {
    return new VmThresholds(
        v,
        load1PerCpu,
        load5PerCpu,
        load15PerCpu,
        psiAvg10Percent,
        psiAvg60Percent,
        psiAvg300Percent);
  }

  public VmThresholds withLoadPerCpu(double load1, double load5, double load15) {
    return new VmThresholds(
        diskMinFreePercent,
        load1,
        load5,
        load15,
        psiAvg10Percent,
        psiAvg60Percent,
        psiAvg300Percent);
  }

  public VmThresholds withPsiPercent(double avg10, double avg60, double avg300) {
    return new VmThresholds(
        diskMinFreePercent, load1PerCpu, load5PerCpu, load15PerCpu, avg10, avg60, avg300);
  }
}
