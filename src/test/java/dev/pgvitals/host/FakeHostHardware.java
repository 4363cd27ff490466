package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.CpuTimes;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Memory;
import java.util.List;
import java.util.Optional;

/** A machine of the test's choosing; a part given as {@code null} throws when read. */
record FakeHostHardware(
    Integer cpus, List<CpuTimes> times, Optional<Memory> mem, Optional<LoadAverage> load)
    implements HostHardware {

  static final Memory MEMORY = new Memory(8L << 30, 5L << 30, 1L << 30, 1L << 29);
  static final List<CpuTimes> TIMES =
      List.of(
          new CpuTimes(0, 100.5, 1, 20, 1000, 3.25, 0.5, 0.75, 0.01),
          new CpuTimes(1, 90, 2, 25, 1010, 4, 0.25, 0.5, 0.02));

  static FakeHostHardware twoCpus() {
    return new FakeHostHardware(
        2, TIMES, Optional.of(MEMORY), Optional.of(new LoadAverage(7, 7, 7)));
  }

  FakeHostHardware withCpus(Integer n) {
    return new FakeHostHardware(n, times, mem, load);
  }

  FakeHostHardware withMemory(Optional<Memory> m) {
    return new FakeHostHardware(cpus, times, m, load);
  }

  @Override
  public int logicalCpus() {
    if (cpus == null) {
      throw new IllegalStateException("no cpu count today");
    }
    return cpus;
  }

  @Override
  public List<CpuTimes> cpuTimes() {
    if (times == null) {
      throw new IllegalStateException("no ticks today");
    }
    return times;
  }

  @Override
  public Optional<Memory> memory() {
    if (mem == null) {
      throw new IllegalStateException("no memory today");
    }
    return mem;
  }

  @Override
  public Optional<LoadAverage> loadAverage() {
    if (load == null) {
      throw new IllegalStateException("no load today");
    }
    return load;
  }
}
