package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import dev.pgvitals.metrics.SnapshotCollector;
import dev.pgvitals.sample.LatestSample;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard process families every Prometheus client library exports (and that dashboards of
 * exporters query, e.g. postgres_exporter's "exporter" rows), from the latest {@link
 * ProcessSampler} snapshot: {@code process_cpu_seconds_total} (counter), {@code
 * process_resident_memory_bytes}, {@code process_virtual_memory_bytes}, {@code process_open_fds},
 * {@code process_max_fds} (gauges). {@code process_start_time_seconds} comes from Micrometer's
 * uptime binder. No labels.
 */
public final class ProcessCollector extends SnapshotCollector<ProcessSnapshot> {

  public ProcessCollector(LatestSample<ProcessSnapshot> latest) {
    super(latest, ProcessCollector::snapshots);
  }

  static MetricSnapshots snapshots(ProcessSnapshot p) {
    List<MetricSnapshot> out = new ArrayList<>(5);
    Family.total("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
        .add(p.cpuSeconds())
        .addTo(out);
    Family.gauge("process_resident_memory_bytes", "Resident memory size in bytes.")
        .add(p.residentBytes())
        .addTo(out);
    Family.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.")
        .add(p.virtualBytes())
        .addTo(out);
    Family.gauge("process_open_fds", "Number of open file descriptors.")
        .add(p.openFds())
        .addTo(out);
    Family.gauge("process_max_fds", "Maximum number of open file descriptors.")
        .add(p.maxFds())
        .addTo(out);
    return new MetricSnapshots(out);
  }
}
