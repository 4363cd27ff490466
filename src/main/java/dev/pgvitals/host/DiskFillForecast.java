package dev.pgvitals.host;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * When the data path's file system will be full at the rate of the recent past: a pure function of
 * a series of (time, available bytes) points.
 *
 * <p>The rate is the <b>Theil–Sen</b> slope: the median of the slopes between every pair of points.
 * A single burst (a temporary file, a spike, one bad reading) moves a minority of the pairwise
 * slopes and leaves the median where the steady trend is, where a least-squares line would swing.
 * Time until full is the latest available space divided by the rate at which it shrinks. No
 * forecast is made from less than {@link #MIN_POINTS} points or a span shorter than the given
 * minimum: a few minutes of samples say nothing about tomorrow.
 *
 * @param status {@link Status}
 * @param path the data path as configured
 * @param mountPoint the file system's mount point
 * @param fsType e.g. {@code ext4}
 * @param device e.g. {@code /dev/vdb}
 * @param availableBytes the latest reading
 * @param fillRateBytesPerSecond how fast available space shrinks (negative when it grows); 0 while
 *     {@link Status#INSUFFICIENT_DATA}
 * @param span time between the first and the last point used
 * @param points how many points were used
 */
public record DiskFillForecast(
    Status status,
    String path,
    String mountPoint,
    String fsType,
    String device,
    long availableBytes,
    double fillRateBytesPerSecond,
    Duration span,
    int points) {

  /** At least this many points before a slope means anything. */
  public static final int MIN_POINTS = 5;

  /** What the forecast could say. */
  public enum Status {
    /** Too few points or too short a span to forecast. */
    INSUFFICIENT_DATA,
    /** Available space does not shrink. */
    NOT_FILLING,
    /** Available space shrinks; {@link #secondsUntilFull()} is finite. */
    FILLING
  }

  /** One reading of available bytes. */
  public record Point(long epochMillis, long availableBytes) {}

  public DiskFillForecast {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(span, "span");
  }

  /**
   * Seconds until available space reaches 0 at the current rate; empty unless {@link
   * Status#FILLING}.
   */
  public OptionalDouble secondsUntilFull() {
    if (status != Status.FILLING) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(0, availableBytes) / fillRateBytesPerSecond);
  }

  /**
   * The forecast from {@code points} (oldest first) of one file system.
   *
   * @param minSpan the shortest span to forecast from
   */
  public static DiskFillForecast of(
      List<Point> points,
      Duration minSpan,
      String path,
      String mountPoint,
      String fsType,
      String device) {
    int n = points.size();
    long latest = n == 0 ? 0 : points.get(n - 1).availableBytes();
    Duration span =
        n < 2
            ? Duration.ZERO
            : Duration.ofMillis(points.get(n - 1).epochMillis() - points.get(0).epochMillis());
    if (n < MIN_POINTS || span.compareTo(minSpan) < 0) {
      return new DiskFillForecast(
          Status.INSUFFICIENT_DATA, path, mountPoint, fsType, device, latest, 0, span, n);
    }
    double rate = -theilSenSlope(points);
    Status status = rate > 0 ? Status.FILLING : Status.NOT_FILLING;
    return new DiskFillForecast(status, path, mountPoint, fsType, device, latest, rate, span, n);
  }

  /** Median of the pairwise slopes in bytes per second (pairs at the same instant are skipped). */
  static double theilSenSlope(List<Point> points) {
    int n = points.size();
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      Point a = points.get(i);
      for (int j = i + 1; j < n; j++) {
        Point b = points.get(j);
        long dt = b.epochMillis() - a.epochMillis();
        if (dt != 0) {
          slopes[k++] = (double) (b.availableBytes() - a.availableBytes()) * 1000.0 / dt;
        }
      }
    }
    if (k == 0) {
      return 0;
    }
    double[] s = Arrays.copyOf(slopes, k);
    Arrays.sort(s);
    return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
  }
}
