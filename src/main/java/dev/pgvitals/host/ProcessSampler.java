package dev.pgvitals.host;

import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * Samples the agent's own process ({@code process}, on the host interval) for the standard {@code
 * process_*} families ({@link ProcessCollector}): {@code /proc/self/status} (VmRSS, VmSize), {@code
 * /proc/self/limits} (Max open files), the entries of {@code /proc/self/fd}, and the JVM's process
 * CPU time. Every read runs in {@code executeBlocking}, never on an event loop, and a scrape only
 * reads the latest snapshot.
 */
public final class ProcessSampler implements Sampler<ProcessSnapshot> {

  public static final String NAME = "process";

  private final Vertx vertx;
  private final Path self;
  private final DoubleSupplier cpuSeconds;

  /** The running agent: {@code /proc/self} and the JVM's process CPU time. */
  public ProcessSampler(Vertx vertx) {
    this(vertx, Path.of("/proc/self"), ProcessSampler::jvmCpuSeconds);
  }

  ProcessSampler(Vertx vertx, Path self, DoubleSupplier cpuSeconds) {
    this.vertx = vertx;
    this.self = self;
    this.cpuSeconds = cpuSeconds;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<ProcessSnapshot> sample() {
    return vertx.executeBlocking(this::read);
  }

  /** Reads once (blocking). */
  ProcessSnapshot read() {
    try {
      String status = Files.readString(self.resolve("status"));
      String limits = Files.readString(self.resolve("limits"));
      long fds;
      try (Stream<Path> s = Files.list(self.resolve("fd"))) {
        fds = s.count();
      }
      return new ProcessSnapshot(
          cpuSeconds.getAsDouble(),
          kilobytes(status, "VmRSS:") * 1024,
          kilobytes(status, "VmSize:") * 1024,
          fds,
          maxOpenFiles(limits));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + self + ": " + e.getMessage(), e);
    }
  }

  /** A {@code Key: 123 kB} line of {@code /proc/self/status}, in kB. */
  static double kilobytes(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).strip().split("\\s+");
        return Double.parseDouble(parts[0]);
      }
    }
    throw new IllegalStateException("no " + key + " in /proc/self/status");
  }

  /** The soft limit of {@code Max open files} in {@code /proc/self/limits}; -1 when unlimited. */
  static long maxOpenFiles(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
        return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
      }
    }
    throw new IllegalStateException("no Max open files in /proc/self/limits");
  }

  private static double jvmCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? 0 : ns / 1e9;
    }
    return 0;
  }
}
