package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The disk forecast ({@link DiskHistory}) as metrics, so an alert needs no hours of Prometheus
 * data: {@code pgvitals_disk_full_forecast_seconds} (+Inf while the file system is not filling) and
 * {@code pgvitals_disk_fill_rate_bytes_per_second} (negative while space is freed), labelled like
 * {@code node_filesystem_avail_bytes} ({@code mountpoint, fstype, device}); both NaN (unknown)
 * until the history spans enough time to forecast, absent before the first disk reading.
 */
public final class DiskForecastCollector implements MultiCollector {

  private final DiskHistory history;

  public DiskForecastCollector(DiskHistory history) {
    this.history = history;
  }

  @Override
  public MetricSnapshots collect() {
    DiskFillForecast f = history.forecast();
    if (f == null) {
      return MetricSnapshots.of();
    }
    boolean unknown = f.status() == DiskFillForecast.Status.INSUFFICIENT_DATA;
    String[] labels = {"mountpoint", f.mountPoint(), "fstype", f.fsType(), "device", f.device()};
    List<MetricSnapshot> out = new ArrayList<>(2);
    out.add(
        Family.gauge(
                "pgvitals_disk_full_forecast_seconds",
                "Seconds until the data path's file system is full at the rate of the last hours (Theil-Sen "
                    + "slope of the agent's own samples); +Inf while it is not filling")
            .add(
                unknown ? Double.NaN : f.secondsUntilFull().orElse(Double.POSITIVE_INFINITY),
                labels)
            .build());
    out.add(
        Family.gauge(
                "pgvitals_disk_fill_rate_bytes_per_second",
                "Rate at which available space on the data path's file system shrinks (negative: grows)")
            .add(unknown ? Double.NaN : f.fillRateBytesPerSecond(), labels)
            .build());
    return new MetricSnapshots(out);
  }
}
