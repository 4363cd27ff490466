package dev.pgvitals.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Read access to the {@code /proc}, {@code /sys} and {@code /etc} files the host sampler needs,
 * below one injectable root ({@code /} in production, a fixture tree such as node_exporter's {@code
 * collector/fixtures} in tests): the root plays the part of node_exporter's {@code --path.rootfs},
 * and {@code proc/} and {@code sys/} below it those of {@code --path.procfs} and {@code
 * --path.sysfs}. A missing or unreadable file (no PSI in this kernel, {@code EOPNOTSUPP} when PSI
 * is compiled in but switched off, no {@code /proc} at all off Linux) reads as empty; nothing here
 * throws.
 */
public final class ProcFs {

  private final Path root;

  /**
   * @param root the directory that contains {@code proc/}, {@code /} on a real machine
   */
  public ProcFs(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** The machine's own {@code /proc}. */
  public static ProcFs system() {
    return new ProcFs(Path.of("/"));
  }

  public Path root() {
    return root;
  }

  /** {@code proc/loadavg}. */
  public Optional<String> loadavg() {
    return read("proc/loadavg");
  }

  /** {@code proc/pressure/<resource>} for {@code cpu}, {@code memory} or {@code io}. */
  public Optional<String> pressure(String resource) {
    if (!HostSnapshot.PSI_RESOURCES.contains(resource)) {
      throw new IllegalArgumentException("unknown PSI resource '" + resource + "'");
    }
    return read("proc/pressure/" + resource);
  }

  /** The mount table: {@code proc/self/mounts}, else {@code proc/mounts}. */
  public Optional<String> mounts() {
    Optional<String> self = read("proc/self/mounts");
    return self.isPresent() ? self : read("proc/mounts");
  }

  /**
   * The names in directory {@code relative} below the root (for {@code sys/class/net}), sorted;
   * empty when it is missing or unreadable.
   */
  public java.util.List<String> list(String relative) {
    try (java.util.stream.Stream<Path> s = Files.list(root.resolve(relative))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException
        | SecurityException
        | UnsupportedOperationException
        | java.io.UncheckedIOException e) {
      return java.util.List.of();
    }
  }

  /** Whether {@code relative} below the root is a regular file (following links). */
  public boolean isFile(String relative) {
    return Files.isRegularFile(root.resolve(relative));
  }

  /**
   * The whole text of {@code relative} below the root, empty when the file is missing or cannot be
   * read. Files in {@code /proc} report size 0, so this reads until end of file.
   */
  public Optional<String> read(String relative) {
    Path file = root.resolve(relative);
    try {
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ProcFs[" + root + "]";
  }
}
