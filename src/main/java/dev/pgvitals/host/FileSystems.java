package dev.pgvitals.host;

import com.sun.jna.platform.linux.LibC;
import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Every mounted real file system, as node_exporter's {@code filesystem} collector (1.5) sees it:
 * the mounts of {@code /proc/1/mounts} (else {@code /proc/mounts}) less its default exclusions of
 * mount points and file-system types, each statfs'd ({@code f_blocks}, {@code f_bfree}, {@code
 * f_bavail} × {@code f_bsize}; {@code f_files}, {@code f_ffree}), read-only when its options hold
 * {@code ro}. A mount whose statfs fails, or takes longer than the mount timeout (a dead NFS
 * server), has only {@code node_filesystem_device_error 1} and {@code node_filesystem_readonly}; a
 * timed-out mount is not asked again until its call returns. Labels {@code device}, {@code
 * mountpoint}, {@code fstype}; a mount with the labels of an earlier one is left out.
 *
 * @param fileSystems in mount-table order
 */
public record FileSystems(List<FileSystem> fileSystems) {

  /** node_exporter's {@code --collector.filesystem.mount-points-exclude} default. */
  public static final Pattern DEFAULT_MOUNT_POINTS_EXCLUDE =
      Pattern.compile(
          "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");

  /** node_exporter's {@code --collector.filesystem.fs-types-exclude} default. */
  public static final Pattern DEFAULT_FS_TYPES_EXCLUDE =
      Pattern.compile(
          "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue"
              + "|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$");

  /** One mount-table line. */
  public record Mount(String device, String mountPoint, String fsType, boolean readOnly) {}

  /** statfs figures in node_exporter's units. */
  public record Space(double size, double free, double avail, double files, double filesFree) {}

  /** A mount and its space, empty when statfs failed or timed out. */
  public record FileSystem(Mount mount, Optional<Space> space) {}

  public FileSystems {
    fileSystems = List.copyOf(fileSystems);
  }

  /**
   * The mount table as node_exporter 1.5 parses it: {@code \040} and {@code \011} decoded in the
   * mount point only.
   *
   * @throws IllegalArgumentException on a line with fewer than four fields
   */
  public static List<Mount> parseMounts(String text) {
    List<Mount> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.strip().split("\\s+");
      if (f.length < 4) {
        throw new IllegalArgumentException(
            "malformed mount table: '" + LoadAvgParser.abbreviate(line.strip()) + "'");
      }
      String mountPoint = f[1].replace("\\040", " ").replace("\\011", "\t");
      boolean ro = List.of(f[3].split(",")).contains("ro");
      out.add(new Mount(f[0], mountPoint, f[2], ro));
    }
    return out;
  }

  /** Whether node_exporter's default exclusions leave this mount out. */
  public static boolean excluded(Mount m) {
    return DEFAULT_MOUNT_POINTS_EXCLUDE.matcher(m.mountPoint()).find()
        || DEFAULT_FS_TYPES_EXCLUDE.matcher(m.fsType()).find();
  }

  void addTo(List<MetricSnapshot> out) {
    if (fileSystems.isEmpty()) {
      return;
    }
    Family deviceError =
        Family.gauge(
            "node_filesystem_device_error",
            "Whether an error occurred while getting statistics for the given device.");
    Family readonly = Family.gauge("node_filesystem_readonly", "Filesystem read-only status.");
    Family size = Family.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.");
    Family free = Family.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.");
    Family avail =
        Family.gauge(
            "node_filesystem_avail_bytes",
            "Filesystem space available to non-root users in bytes.");
    Family files = Family.gauge("node_filesystem_files", "Filesystem total file nodes.");
    Family filesFree =
        Family.gauge("node_filesystem_files_free", "Filesystem total free file nodes.");
    for (FileSystem fs : fileSystems) {
      Mount m = fs.mount();
      String[] labels = {"device", m.device(), "mountpoint", m.mountPoint(), "fstype", m.fsType()};
      deviceError.add(fs.space().isPresent() ? 0 : 1, labels);
      readonly.add(m.readOnly() ? 1 : 0, labels);
      fs.space()
          .ifPresent(
              s -> {
                size.add(s.size(), labels);
                free.add(s.free(), labels);
                avail.add(s.avail(), labels);
                files.add(s.files(), labels);
                filesFree.add(s.filesFree(), labels);
              });
    }
    for (Family f : List.of(deviceError, readonly, size, free, avail, files, filesFree)) {
      f.addTo(out);
    }
  }

  /** statfs of one path; the seam tests use to hand in failing or hanging file systems. */
  @FunctionalInterface
  public interface StatVfs {
    Space statvfs(String path) throws IOException;

    /** glibc's statvfs(3) through JNA (OSHI's dependency). */
    StatVfs LIBC =
        path -> {
          LibC.Statvfs b = new LibC.Statvfs();
          if (LibC.INSTANCE.statvfs(path, b) != 0) {
            throw new IOException(
                "statvfs " + path + " failed (errno " + com.sun.jna.Native.getLastError() + ")");
          }
          double bsize = DiskStats.unsigned(b.f_bsize.longValue());
          return new Space(
              DiskStats.unsigned(b.f_blocks.longValue()) * bsize,
              DiskStats.unsigned(b.f_bfree.longValue()) * bsize,
              DiskStats.unsigned(b.f_bavail.longValue()) * bsize,
              DiskStats.unsigned(b.f_files.longValue()),
              DiskStats.unsigned(b.f_ffree.longValue()));
        };
  }

  /**
   * Reads the file systems below a root, one statfs per mount on a small pool of daemon threads so
   * that a hung mount costs one thread and a timeout, not the host sample.
   */
  public static final class Reader {

    private static final ExecutorService POOL =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "pgvitals-statfs");
              t.setDaemon(true);
              return t;
            });

    private final ProcFs fs;
    private final StatVfs statVfs;
    private final long timeoutNanos;

    /** Mount points whose statfs has not returned yet, with the call still running. */
    private final Map<String, CompletableFuture<Space>> stuck = new ConcurrentHashMap<>();

    public Reader(ProcFs fs, StatVfs statVfs, java.time.Duration timeout) {
      this.fs = fs;
      this.statVfs = statVfs;
      this.timeoutNanos = timeout.toNanos();
    }

    /**
     * @param alsoInclude mount points to report even when the default exclusions drop them (the
     *     data path's file system, which pgvitals always reported)
     * @return empty when there is no mount table
     * @throws IllegalArgumentException when the mount table is malformed
     */
    public Optional<FileSystems> read(Set<String> alsoInclude) {
      Optional<String> table = fs.read("proc/1/mounts");
      if (table.isEmpty()) {
        table = fs.read("proc/mounts");
      }
      if (table.isEmpty()) {
        return Optional.empty();
      }
      List<Mount> mounts = new ArrayList<>();
      Set<Mount> seen = new LinkedHashSet<>();
      for (Mount m : parseMounts(table.get())) {
        Mount key = new Mount(m.device(), m.mountPoint(), m.fsType(), false);
        if ((!excluded(m) || alsoInclude.contains(m.mountPoint())) && seen.add(key)) {
          mounts.add(m);
        }
      }
      Map<Mount, CompletableFuture<Space>> calls = new HashMap<>();
      for (Mount m : mounts) {
        if (stuck.containsKey(m.mountPoint())) {
          continue;
        }
        String path = fs.root().resolve(m.mountPoint().replaceFirst("^/+", "")).toString();
        calls.put(
            m,
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return statVfs.statvfs(path);
                  } catch (IOException | RuntimeException | LinkageError e) {
                    return null;
                  }
                },
                POOL));
      }
      long deadline = System.nanoTime() + timeoutNanos;
      List<FileSystem> out = new ArrayList<>();
      for (Mount m : mounts) {
        CompletableFuture<Space> call = calls.get(m);
        Space space = null;
        if (call != null) {
          try {
            space = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            stuck.put(m.mountPoint(), call);
            call.whenComplete((v, t) -> stuck.remove(m.mountPoint(), call));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (java.util.concurrent.ExecutionException e) {
            space = null;
          }
        }
        out.add(new FileSystem(m, Optional.ofNullable(space)));
      }
      return Optional.of(new FileSystems(out));
    }

    /** Mount points currently skipped because their statfs has not returned. */
    public Set<String> stuckMountPoints() {
      return Set.copyOf(stuck.keySet());
    }
  }
}
