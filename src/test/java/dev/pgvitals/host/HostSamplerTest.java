package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.PsiLine;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class HostSamplerTest {

  private static final long GIB = 1L << 30;
  private static final StatFs HUNDRED_GIB_80_FREE = p -> new StatFs.Space(100 * GIB, 80 * GIB);

  @TempDir Path dataDir;

  private HostSampler sampler(Vertx vertx, String fixture, HostHardware hw, StatFs statFs) {
    return new HostSampler(vertx, Fixtures.procFs(fixture), hw, dataDir::toString, statFs);
  }

  @Test
  void normalTreeGivesEveryPart(Vertx vertx) {
    HostSnapshot s =
        sampler(vertx, "normal", FakeHostHardware.twoCpus(), HUNDRED_GIB_80_FREE).read();

    assertThat(s.load())
        .contains(new LoadAverage(0.29, 0.35, 0.50)); // /proc wins over OSHI's 7 7 7
    assertThat(s.logicalCpus()).isEqualTo(2);
    assertThat(s.pressure()).containsOnlyKeys("cpu", "memory", "io");
    assertThat(s.pressure().get("cpu").some()).isEqualTo(new PsiLine(31.90, 8.60, 2.10, 34999659));
    assertThat(s.pressure().get("memory").full()).contains(new PsiLine(0.00, 0.90, 0.20, 765432));
    assertThat(s.memory()).contains(FakeHostHardware.MEMORY);
    assertThat(s.cpuTicks()).isEqualTo(FakeHostHardware.TIMES);
    assertThat(s.dataFs())
        .contains(
            new FileSystemUsage(dataDir.toString(), "/", "ext4", "/dev/vda1", 100 * GIB, 80 * GIB));
  }

  @Test
  void missingFilesLeaveTheirPartsEmptyAndLoadComesFromOshi(Vertx vertx) {
    HostSnapshot s =
        sampler(vertx, "missing", FakeHostHardware.twoCpus(), HUNDRED_GIB_80_FREE).read();

    assertThat(s.load()).contains(new LoadAverage(7, 7, 7));
    assertThat(s.pressure()).isEmpty();
    assertThat(s.dataFs())
        .hasValueSatisfying(
            fs -> {
              assertThat(fs.mountPoint()).isEqualTo("/");
              assertThat(fs.fsType()).isEqualTo("overlay");
              assertThat(fs.device()).isEqualTo("overlay");
            });
    assertThat(s.memory()).isPresent();
  }

  @Test
  void missingFilesAndNoLoadFromOshiGiveNoLoad(Vertx vertx) {
    HostHardware noLoad = new FakeHostHardware(2, List.of(), Optional.empty(), Optional.empty());
    HostSnapshot s = sampler(vertx, "missing", noLoad, HUNDRED_GIB_80_FREE).read();
    assertThat(s.load()).isEmpty();
    assertThat(s.memory()).isEmpty();
    assertThat(s.cpuTicks()).isEmpty();
  }

  @Test
  void malformedFilesAreDroppedAndTheRestIsKept(Vertx vertx) {
    HostSnapshot s =
        sampler(vertx, "malformed", FakeHostHardware.twoCpus(), HUNDRED_GIB_80_FREE).read();

    assertThat(s.load()).contains(new LoadAverage(7, 7, 7));
    assertThat(s.pressure()).containsOnlyKeys("io");
    assertThat(s.dataFs().map(FileSystemUsage::device)).contains("/dev/vda1");
  }

  @Test
  void psiWithoutFullLineIsKept(Vertx vertx) {
    HostSnapshot s =
        sampler(vertx, "psi-without-full", FakeHostHardware.twoCpus(), HUNDRED_GIB_80_FREE).read();

    assertThat(s.pressure()).containsOnlyKeys("cpu", "memory", "io");
    assertThat(s.pressure().get("cpu").full()).isEmpty();
    assertThat(s.pressure().get("io").full()).isPresent();
    assertThat(s.load()).contains(new LoadAverage(1.00, 0.80, 0.60));
  }

  @Test
  void zeroByteDiskIsReportedAsZeroNotDropped(Vertx vertx) {
    HostSnapshot s =
        sampler(vertx, "zero-byte-disk", FakeHostHardware.twoCpus(), p -> new StatFs.Space(0, 0))
            .read();

    assertThat(s.dataFs())
        .contains(new FileSystemUsage(dataDir.toString(), "/", "tmpfs", "none", 0, 0));
  }

  @Test
  void aDataPathThatDoesNotExistLeavesOnlyTheDiskEmpty(Vertx vertx) {
    HostSampler sampler =
        new HostSampler(
            vertx,
            Fixtures.procFs("normal"),
            FakeHostHardware.twoCpus(),
            () -> dataDir.resolve("nope").toString(),
            HUNDRED_GIB_80_FREE);
    HostSnapshot s = sampler.read();
    assertThat(s.dataFs()).isEmpty();
    assertThat(s.load()).isPresent();
    assertThat(s.pressure()).hasSize(3);
  }

  @Test
  void theDataPathIsKeptExactlyAsConfigured(Vertx vertx) {
    String configured = dataDir + "/./";
    HostSampler sampler =
        new HostSampler(
            vertx,
            Fixtures.procFs("normal"),
            FakeHostHardware.twoCpus(),
            () -> configured,
            HUNDRED_GIB_80_FREE);
    assertThat(sampler.read().dataFs().map(FileSystemUsage::path)).contains(configured);
  }

  @Test
  void aBrokenHardwarePartDoesNotHideTheOthers(Vertx vertx) {
    HostHardware broken = new FakeHostHardware(null, null, null, null);
    HostSnapshot s = sampler(vertx, "normal", broken, HUNDRED_GIB_80_FREE).read();

    assertThat(s.logicalCpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.memory()).isEmpty();
    assertThat(s.cpuTicks()).isEmpty();
    assertThat(s.load()).contains(new LoadAverage(0.29, 0.35, 0.50));
    assertThat(s.pressure()).hasSize(3);
    assertThat(s.dataFs()).isPresent();
  }

  @Test
  void unknownCpuCountFallsBackToTheJvmsCount(Vertx vertx) {
    HostSnapshot s =
        sampler(vertx, "normal", FakeHostHardware.twoCpus().withCpus(0), HUNDRED_GIB_80_FREE)
            .read();
    assertThat(s.logicalCpus()).isEqualTo(Runtime.getRuntime().availableProcessors()).isPositive();
  }

  @Test
  void sampleReadsOnAWorkerThreadNotTheEventLoop(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean onWorker = new AtomicBoolean();
    HostHardware recording = new FakeHostHardware(2, List.of(), Optional.empty(), Optional.empty());
    HostHardware spy =
        new HostHardware() {
          @Override
          public int logicalCpus() {
            onWorker.set(Context.isOnWorkerThread());
            return recording.logicalCpus();
          }

          @Override
          public List<HostSnapshot.CpuTimes> cpuTimes() {
            return recording.cpuTimes();
          }

          @Override
          public Optional<HostSnapshot.Memory> memory() {
            return recording.memory();
          }

          @Override
          public Optional<LoadAverage> loadAverage() {
            return recording.loadAverage();
          }
        };
    HostSampler sampler = sampler(vertx, "normal", spy, HUNDRED_GIB_80_FREE);
    assertThat(sampler.name()).isEqualTo("host");
    vertx.runOnContext(
        v ->
            sampler
                .sample()
                .onComplete(
                    ctx.succeeding(
                        s ->
                            ctx.verify(
                                () -> {
                                  assertThat(onWorker).isTrue();
                                  assertThat(s.logicalCpus()).isEqualTo(2);
                                  assertThat(s.load()).contains(new LoadAverage(0.29, 0.35, 0.50));
                                  ctx.completeNow();
                                }))));
  }
}
