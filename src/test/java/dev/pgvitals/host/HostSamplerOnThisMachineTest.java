package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.host.HostSnapshot.CpuTimes;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real /proc, the real OSHI and the real file system of the machine running the tests. */
@ExtendWith(VertxExtension.class)
@EnabledOnOs(OS.LINUX)
class HostSamplerOnThisMachineTest {

  @TempDir Path dataDir;

  @Test
  void readsPlausibleValuesFromThisMachine(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path realDataDir = dataDir.toRealPath();
    HostSampler sampler =
        new HostSampler(vertx, ProcFs.system(), new OshiHostHardware(), dataDir::toString);
    sampler
        .sample()
        .onComplete(
            ctx.succeeding(
                s ->
                    ctx.verify(
                        () -> {
                          assertThat(s.logicalCpus()).isGreaterThanOrEqualTo(1);
                          assertThat(s.load())
                              .hasValueSatisfying(
                                  l -> assertThat(l.load1()).isGreaterThanOrEqualTo(0));
                          assertThat(s.memory())
                              .hasValueSatisfying(
                                  m -> {
                                    assertThat(m.totalBytes()).isPositive();
                                    assertThat(m.availableBytes()).isBetween(0L, m.totalBytes());
                                    assertThat(m.swapFreeBytes()).isBetween(0L, m.swapTotalBytes());
                                  });
                          assertThat(s.cpuTicks()).hasSize(s.logicalCpus());
                          assertThat(s.cpuTicks())
                              .allSatisfy(
                                  t -> assertThat(t.user() + t.system() + t.idle()).isPositive());
                          assertThat(s.cpuTicks()).extracting(CpuTimes::cpu).startsWith(0);
                          assertThat(s.dataFs())
                              .hasValueSatisfying(
                                  fs -> {
                                    assertThat(fs.path()).isEqualTo(dataDir.toString());
                                    assertThat(fs.totalBytes()).isPositive();
                                    assertThat(fs.availableBytes()).isBetween(0L, fs.totalBytes());
                                    assertThat(fs.mountPoint()).startsWith("/");
                                    assertThat(realDataDir.startsWith(Path.of(fs.mountPoint())))
                                        .isTrue();
                                    assertThat(fs.fsType()).isNotBlank();
                                  });
                          if (Files.isReadable(Path.of("/proc/pressure/cpu"))
                              && ProcFs.system().pressure("cpu").isPresent()) {
                            assertThat(s.pressure()).containsKey("cpu");
                          }
                          ctx.completeNow();
                        })));
  }

  @Test
  void oshiCpuTimesGrowBetweenReadings() throws Exception {
    OshiHostHardware hw = new OshiHostHardware();
    double first = hw.cpuTimes().stream().mapToDouble(t -> t.user() + t.system() + t.idle()).sum();
    // busy-wait on the CPU until the kernel's tick counters (10 ms) have moved
    double later = first;
    long until = System.nanoTime() + 5_000_000_000L;
    while (later <= first && System.nanoTime() < until) {
      later = hw.cpuTimes().stream().mapToDouble(t -> t.user() + t.system() + t.idle()).sum();
    }
    assertThat(later).isGreaterThan(first);
  }
}
