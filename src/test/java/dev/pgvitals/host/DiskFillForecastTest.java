package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pgvitals.host.DiskFillForecast.Point;
import dev.pgvitals.host.DiskFillForecast.Status;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disk forecast's slope, its robustness to a burst, and the ring that feeds it. */
class DiskFillForecastTest {

  static final long GB = 1L << 30;
  static final long MB = 1L << 20;
  static final Duration MIN_SPAN = Duration.ofMinutes(30);

  /** {@code n} points one {@code step} apart, free space shrinking by {@code bytesPerStep}. */
  static List<Point> steady(int n, Duration step, long start, long bytesPerStep) {
    List<Point> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p.add(new Point(1_000_000L + i * step.toMillis(), start - i * bytesPerStep));
    }
    return p;
  }

  static DiskFillForecast of(List<Point> points) {
    return DiskFillForecast.of(points, MIN_SPAN, "/data/", "/data", "ext4", "/dev/vdb");
  }

  @Test
  void aSteadyRateGivesTheExactTimeUntilFull() {
    // 100 GB free, 1 GB an hour in 2-minute steps over 6 h: full in 100 - 6 = 94 h
    List<Point> p = steady(181, Duration.ofMinutes(2), 100 * GB, GB / 30);
    DiskFillForecast f = of(p);
    assertThat(f.status()).isEqualTo(Status.FILLING);
    assertThat(f.fillRateBytesPerSecond()).isCloseTo(GB / 3600.0, within(1.0));
    assertThat(f.secondsUntilFull().getAsDouble() / 3600).isCloseTo(94.0, within(0.01));
    assertThat(f.span()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void aSingleBurstBarelyMovesTheForecastWhereLeastSquaresWouldSwing() {
    List<Point> p = steady(181, Duration.ofMinutes(2), 100 * GB, GB / 30);
    // one reading taken while a 40 GB temporary file existed
    Point mid = p.get(150);
    p.set(150, new Point(mid.epochMillis(), mid.availableBytes() - 40 * GB));
    DiskFillForecast f = of(p);
    assertThat(f.fillRateBytesPerSecond()).isCloseTo(GB / 3600.0, within(GB / 3600.0 * 0.02));
    assertThat(f.secondsUntilFull().getAsDouble() / 3600).isCloseTo(94.0, within(2.0));
    assertThat(leastSquaresRate(p))
        .as("least squares, for comparison")
        .isGreaterThan(GB / 3600.0 * 1.1);
  }

  @Test
  void freeSpaceThatGrowsOrStaysIsNotFilling() {
    assertThat(of(steady(20, Duration.ofMinutes(2), 10 * GB, -MB)).status())
        .isEqualTo(Status.NOT_FILLING);
    assertThat(of(steady(20, Duration.ofMinutes(2), 10 * GB, 0)).status())
        .isEqualTo(Status.NOT_FILLING);
    assertThat(of(steady(20, Duration.ofMinutes(2), 10 * GB, 0)).secondsUntilFull()).isEmpty();
  }

  @Test
  void noForecastFromTooFewPointsOrTooShortASpan() {
    assertThat(of(steady(4, Duration.ofMinutes(20), 10 * GB, GB)).status())
        .isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(of(steady(100, Duration.ofSeconds(5), 10 * GB, GB)).status())
        .isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(of(List.of()).status()).isEqualTo(Status.INSUFFICIENT_DATA);
  }

  @Test
  void theRingKeepsOnePointPerBucketOverTheWindowAndStartsAgainOnAnotherFileSystem() {
    DiskHistory h = new DiskHistory(Duration.ofHours(6), Duration.ofMinutes(2), MIN_SPAN);
    long t0 = 1_700_000_000_000L;
    long free = 100 * GB;
    for (int i = 0; i <= 12 * 720; i++) { // 12 hours of 5-second samples, 1 MB a sample
      h.add(t0 + i * 5_000L, usage("/dev/vdb", free - (long) i * MB));
    }
    List<Point> points = h.points();
    assertThat(points.size()).isBetween(180, 182);
    assertThat(points.get(points.size() - 1).epochMillis() - points.get(0).epochMillis())
        .isLessThanOrEqualTo(Duration.ofHours(6).toMillis());
    DiskFillForecast f = h.forecast();
    assertThat(f.status()).isEqualTo(Status.FILLING);
    assertThat(f.fillRateBytesPerSecond()).isCloseTo(MB / 5.0, within(MB / 5.0 * 0.01));

    h.add(t0 + 12 * 3_600_000L + 5_000, usage("/dev/vdc", 50 * GB));
    assertThat(h.points()).hasSize(1);
    assertThat(h.forecast().status()).isEqualTo(Status.INSUFFICIENT_DATA);
  }

  static FileSystemUsage usage(String device, long available) {
    return new FileSystemUsage("/data/", "/data", "ext4", device, 200 * GB, available);
  }

  static double leastSquaresRate(List<Point> p) {
    double n = p.size();
    double mx = p.stream().mapToDouble(Point::epochMillis).sum() / n;
    double my = p.stream().mapToDouble(Point::availableBytes).sum() / n;
    double sxy = 0;
    double sxx = 0;
    for (Point q : p) {
      sxy += (q.epochMillis() - mx) * (q.availableBytes() - my);
      sxx += (q.epochMillis() - mx) * (q.epochMillis() - mx);
    }
    return -sxy / sxx * 1000;
  }
}
