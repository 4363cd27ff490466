package dev.pgvitals.host;

import dev.pgvitals.host.DiskFillForecast.Point;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent's own recent readings of the data path's free space, in a bounded ring, and the {@link
 * DiskFillForecast} made from them. Fed with every host sample; keeps one point per {@code bucket}
 * (the latest reading in it) over {@code window}, so the ring holds at most {@code window / bucket
 * + 1} points whatever the host interval (default 6 h in 2-minute buckets: 181 points, a forecast
 * costs well under a millisecond). A different file system (the data path moved) starts a new
 * history. Thread-safe; the forecast is updated on each new reading and read without recomputation
 * (the slope once per bucket, the free space on every reading).
 */
public final class DiskHistory {

  public static final Duration DEFAULT_WINDOW = Duration.ofHours(6);
  public static final Duration DEFAULT_BUCKET = Duration.ofMinutes(2);
  public static final Duration DEFAULT_MIN_SPAN = Duration.ofMinutes(30);

  private final long windowMillis;
  private final long bucketMillis;
  private final Duration minSpan;
  private final ArrayDeque<Point> points = new ArrayDeque<>();
  private FileSystemUsage fs;
  private volatile DiskFillForecast forecast;

  public DiskHistory(Duration window, Duration bucket, Duration minSpan) {
    this.windowMillis = window.toMillis();
    this.bucketMillis = Math.max(1, bucket.toMillis());
    this.minSpan = Objects.requireNonNull(minSpan, "minSpan");
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("the disk forecast window must be positive");
    }
  }

  public static DiskHistory defaults() {
    return new DiskHistory(DEFAULT_WINDOW, DEFAULT_BUCKET, DEFAULT_MIN_SPAN);
  }

  /**
   * Takes the data path's reading of a host sample (failed samples and unread paths are skipped).
   */
  public void accept(Sample<HostSnapshot> sample) {
    if (sample.ok() && sample.value().dataFs().isPresent()) {
      add(sample.at().toEpochMilli(), sample.value().dataFs().get());
    }
  }

  /** Adds one reading taken at {@code epochMillis}. */
  public synchronized void add(long epochMillis, FileSystemUsage reading) {
    if (fs != null
        && (!fs.mountPoint().equals(reading.mountPoint())
            || !fs.device().equals(reading.device()))) {
      points.clear();
    }
    fs = reading;
    Point p = new Point(epochMillis, reading.availableBytes());
    Point last = points.peekLast();
    boolean replaced = false;
    if (last != null && epochMillis < last.epochMillis()) {
      points.clear(); // the clock went back: old points would give nonsense slopes
    } else if (last != null
        && last.epochMillis() / bucketMillis == epochMillis / bucketMillis
        && points.size() > 1) {
      points.pollLast(); // one point per bucket: the latest reading in it (the first point stays)
      replaced = true;
    }
    points.addLast(p);
    while (!points.isEmpty() && points.peekFirst().epochMillis() < epochMillis - windowMillis) {
      points.pollFirst();
    }
    DiskFillForecast f = forecast;
    if (replaced && f != null && f.status() != DiskFillForecast.Status.INSUFFICIENT_DATA) {
      // within a bucket only the latest reading moves: keep the slope (recomputed when a bucket
      // starts), take the new free space, so a forecast costs once per bucket, not per sample
      forecast =
          new DiskFillForecast(
              f.status(),
              reading.path(),
              reading.mountPoint(),
              reading.fsType(),
              reading.device(),
              reading.availableBytes(),
              f.fillRateBytesPerSecond(),
              f.span(),
              f.points());
      return;
    }
    forecast =
        DiskFillForecast.of(
            new ArrayList<>(points),
            minSpan,
            reading.path(),
            reading.mountPoint(),
            reading.fsType(),
            reading.device());
  }

  /** The forecast from the readings so far; null before the first reading. */
  public DiskFillForecast forecast() {
    return forecast;
  }

  /** The points held (oldest first), for tests. */
  public synchronized List<Point> points() {
    return List.copyOf(points);
  }
}
