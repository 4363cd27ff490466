package dev.pgvitals.host;

import dev.pgvitals.sample.ErrorSummary;
import dev.pgvitals.host.HostSnapshot.CpuTimes;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Memory;
import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the host: load averages ({@code /proc/loadavg}, else OSHI), PSI
 * ({@code /proc/pressure/*}), logical CPUs, per-CPU times and memory (OSHI) and the data path's
 * file system. All reads run in {@code vertx.executeBlocking}, never on an event loop.
 *
 * <p>Each part is read on its own: a part that is missing or broken is left empty in the
 * snapshot (and logged once per distinct problem) while the others are still reported; the
 * sample as a whole does not fail because, say, PSI is switched off.
 */
public final class HostSampler implements Sampler<HostSnapshot> {

  private static final Logger LOG = LoggerFactory.getLogger(HostSampler.class);

  private final Vertx vertx;
  private final ProcFs procFs;
  private final HostHardware hardware;
  private final Supplier<String> dataPath;
  private final DataFileSystem dataFileSystem;
  /** The last problem logged per part, so a persistent problem is logged once, not every 5 s. */
  private final Map<String, String> problems = new ConcurrentHashMap<>();

  public HostSampler(Vertx vertx, ProcFs procFs, HostHardware hardware, Supplier<String> dataPath) {
    this(vertx, procFs, hardware, dataPath, StatFs.FILE_STORE);
  }

  /** With the statvfs source given, for tests. */
  public HostSampler(
      Vertx vertx, ProcFs procFs, HostHardware hardware, Supplier<String> dataPath, StatFs statFs) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.procFs = Objects.requireNonNull(procFs, "procFs");
    this.hardware = Objects.requireNonNull(hardware, "hardware");
    this.dataPath = Objects.requireNonNull(dataPath, "dataPath");
    this.dataFileSystem = new DataFileSystem(procFs, statFs);
  }

  @Override
  public String name() {
    return "host";
  }

  /** True while a reading runs on a worker; a hung statvfs (dead NFS mount) must not queue more. */
  private final java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public Future<HostSnapshot> sample() {
    if (!reading.compareAndSet(false, true)) {
      return Future.failedFuture("the previous host reading is still running");
    }
    return vertx.executeBlocking(this::read).onComplete(ar -> reading.set(false));
  }

  /** Takes one reading on the calling thread (blocking); never throws. */
  public HostSnapshot read() {
    int cpus = part("cpus", 0, hardware::logicalCpus);
    if (cpus < 1) {
      cpus = Runtime.getRuntime().availableProcessors();
    }
    Optional<LoadAverage> load = readLoad();
    Map<String, Pressure> pressure = new LinkedHashMap<>();
    for (String resource : HostSnapshot.PSI_RESOURCES) {
      Optional<String> text = procFs.pressure(resource);
      if (text.isPresent()) {
        Optional<Pressure> p = part("psi-" + resource, Optional.<Pressure>empty(),
            () -> Optional.of(PsiParser.parse(text.get())));
        p.ifPresent(v -> pressure.put(resource, v));
      }
    }
    Optional<Memory> memory = part("memory", Optional.<Memory>empty(), hardware::memory);
    List<CpuTimes> cpuTimes = part("cpu-times", List.<CpuTimes>of(), hardware::cpuTimes);
    Optional<FileSystemUsage> dataFs = part("disk", Optional.<FileSystemUsage>empty(),
        () -> Optional.of(dataFileSystem.read(dataPath.get())));
    return new HostSnapshot(load, cpus, pressure, memory, dataFs, cpuTimes);
  }

  private Optional<LoadAverage> readLoad() {
    Optional<String> text = procFs.loadavg();
    if (text.isPresent()) {
      Optional<LoadAverage> parsed = part("loadavg", Optional.<LoadAverage>empty(),
          () -> Optional.of(LoadAvgParser.parse(text.get())));
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return part("load", Optional.<LoadAverage>empty(), hardware::loadAverage);
  }

  @FunctionalInterface
  private interface Part<T> {
    T get() throws Exception;
  }

  private <T> T part(String name, T fallback, Part<T> read) {
    try {
      T value = read.get();
      if (problems.remove(name) != null) {
        LOG.info("host reading {} recovered", name);
      }
      return value == null ? fallback : value;
    } catch (Exception | LinkageError e) {
      String reason = ErrorSummary.of(e);
      if (!reason.equals(problems.put(name, reason))) {
        LOG.warn("host reading {} unavailable: {}", name, reason);
      }
      return fallback;
    }
  }
}
