package dev.pgvitals.host;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The parts of a host reading that feed only node_exporter's families (the vm suite reads none of
 * them): one per source, each empty when its source is missing or could not be parsed (the reason
 * is logged once by {@link HostSampler}).
 *
 * @param timeSeconds the wall-clock time of the reading ({@code node_time_seconds})
 * @param irqStalledMicros the {@code full} total of {@code /proc/pressure/irq} (kernel 6.1+)
 */
public record NodeStats(
    OptionalDouble timeSeconds,
    Optional<Uname> uname,
    Optional<OsRelease> os,
    Optional<ProcStat> stat,
    Optional<MemInfo> meminfo,
    Optional<FileSystems> filesystems,
    Optional<DiskStats> disks,
    Optional<NetDev> netdev,
    Optional<NetClass> netclass,
    Optional<VmStat> vmstat,
    Optional<Long> irqStalledMicros) {

  /** A reading without any of these parts (not Linux, or a test that does not need them). */
  public static final NodeStats NONE =
      new NodeStats(
          OptionalDouble.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  /** The families of every present part except memory and CPU, which {@link HostCollector} adds. */
  void addTo(List<MetricSnapshot> out) {
    uname.ifPresent(u -> u.addTo(out));
    stat.ifPresent(s -> s.addTo(out));
    timeSeconds.ifPresent(
        t ->
            out.add(
                dev.pgvitals.metrics.Family.gauge(
                        "node_time_seconds", "System time in seconds since epoch (1970).")
                    .add(t)
                    .build()));
    os.ifPresent(o -> o.addTo(out));
    filesystems.ifPresent(f -> f.addTo(out));
    disks.ifPresent(d -> d.addTo(out));
    netdev.ifPresent(n -> n.addTo(out));
    netclass.ifPresent(n -> n.addTo(out));
    vmstat.ifPresent(v -> v.addTo(out));
    irqStalledMicros.ifPresent(
        us ->
            out.add(
                dev.pgvitals.metrics.Family.counter(
                        "node_pressure_irq_stalled_seconds",
                        "Total time in seconds no process could make progress due to IRQ congestion")
                    .add(us / 1000.0 / 1000.0)
                    .build()));
  }
}
