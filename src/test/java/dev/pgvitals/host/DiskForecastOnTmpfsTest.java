package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.RiskChecks;
import dev.pgvitals.check.RiskThresholds;
import dev.pgvitals.host.DiskFillForecast.Status;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The disk forecast on a real, small file system (a 64 MB tmpfs) that fills at a steady rate: every
 * step writes 1 MB and takes a real statvfs reading of it, stamped one minute after the previous
 * one (the agent's clock is simulated, the free space is real). Skipped, with the reason, where the
 * test cannot mount a tmpfs (it needs root with CAP_SYS_ADMIN).
 */
class DiskForecastOnTmpfsTest {

  static final long MB = 1L << 20;
  static final long MINUTE = 60_000;

  static Path mountPoint;
  static String cannotMount;

  @BeforeAll
  static void mount() throws Exception {
    mountPoint = Files.createTempDirectory("pgvitals-tmpfs-");
    String result = run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mountPoint.toString());
    cannotMount = result.isEmpty() ? null : result;
  }

  @AfterAll
  static void unmount() throws Exception {
    if (cannotMount == null) {
      run("umount", mountPoint.toString());
    }
    Files.deleteIfExists(mountPoint);
  }

  /** Runs a command; empty on success, else its output (the reason). */
  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out: " + String.join(" ", command);
    }
    return p.exitValue() == 0
        ? ""
        : String.join(" ", command) + ": " + (out.isEmpty() ? "exit " + p.exitValue() : out);
  }

  @Test
  void aFileSystemFillingAtASteadyRateFailsTheForecastAndPassesOnceFreedDespiteABurst()
      throws IOException {
    assumeTrue(cannotMount == null, () -> "cannot mount a tmpfs here: " + cannotMount);
    DataFileSystem fs = new DataFileSystem(new ProcFs(Path.of("/")), StatFs.FILE_STORE);
    DiskHistory history = DiskHistory.defaults();
    long t = 1_700_000_040_000L; // a bucket boundary: each 2-minute bucket keeps the odd minute's
    // reading
    byte[] oneMb = new byte[(int) MB];
    String dataPath = mountPoint.toString();

    FileSystemUsage first = fs.read(dataPath);
    assertThat(first.mountPoint()).isEqualTo(mountPoint.toString());
    assertThat(first.fsType()).isEqualTo("tmpfs");
    history.add(t, first);
    for (int i = 1; i <= 40; i++) {
      Files.write(mountPoint.resolve("wal-" + i), oneMb);
      if (i == 21) { // a burst: a 16 MB temporary file that exists for one kept reading
        Files.write(mountPoint.resolve("burst"), new byte[(int) (16 * MB)]);
      }
      if (i == 22) {
        Files.delete(mountPoint.resolve("burst"));
      }
      history.add(t + i * MINUTE, fs.read(dataPath));
    }
    assertThat(history.points())
        .as("the burst is one of the points")
        .anySatisfy(
            p ->
                assertThat(p.availableBytes())
                    .isLessThan(first.availableBytes() - 30 * MB)
                    .isGreaterThan(first.availableBytes() - 40 * MB));
    DiskFillForecast filling = history.forecast();
    assertThat(filling.status()).isEqualTo(Status.FILLING);
    assertThat(filling.fillRateBytesPerSecond()).isCloseTo(MB / 60.0, within(MB / 60.0 * 0.05));
    double minutes = filling.secondsUntilFull().getAsDouble() / 60;
    assertThat(minutes)
        .isCloseTo(filling.availableBytes() / (double) MB, within(2.0)); // 1 MB a minute
    CheckResult failed =
        RiskChecks.evaluate(
                Optional.empty(), Optional.empty(), filling, Duration.ZERO, RiskThresholds.DEFAULTS)
            .checks()
            .get(0);
    assertThat(failed.passed()).isFalse();
    assertThat(failed.seedText())
        .startsWith("disk forecast: " + dataPath + " full in ")
        .endsWith("(under 24h0m0s)");
    System.err.println("[risk] tmpfs: " + failed.seedText());

    // freed, then six hours of flat readings: the filling minutes leave the window
    try (var files = Files.list(mountPoint)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    long end = t + 40 * MINUTE;
    for (int i = 1; i <= 185; i++) {
      history.add(end + i * 2 * MINUTE, fs.read(dataPath));
    }
    DiskFillForecast freed = history.forecast();
    assertThat(freed.status()).isEqualTo(Status.NOT_FILLING);
    CheckResult passed =
        RiskChecks.evaluate(
                Optional.empty(), Optional.empty(), freed, Duration.ZERO, RiskThresholds.DEFAULTS)
            .checks()
            .get(0);
    assertThat(passed.passed()).isTrue();
    assertThat(passed.seedText())
        .isEqualTo("disk forecast: " + dataPath + " not filling (over the last 6h0m0s)");
    assertThat(List.of(history.points().size()))
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(182));
  }
}
