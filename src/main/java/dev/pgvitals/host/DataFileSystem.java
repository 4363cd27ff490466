package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.host.MountTable.Mount;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the file system that holds the data path: statvfs sizes from {@link StatFs}, and mount
 * point, type and device from the mount table (longest mount-point prefix of the path with symbolic
 * links resolved). Without a mount table (not Linux) the JDK's {@link FileStore} names the device
 * and type and the mount point is found by walking up to the topmost directory on the same store.
 */
public final class DataFileSystem {

  private final ProcFs procFs;
  private final StatFs statFs;

  public DataFileSystem(ProcFs procFs, StatFs statFs) {
    this.procFs = Objects.requireNonNull(procFs, "procFs");
    this.statFs = Objects.requireNonNull(statFs, "statFs");
  }

  /**
   * @param configured the data path exactly as configured; kept verbatim in the result
   * @throws IOException with a one-line reason when the path does not exist or cannot be statted
   */
  public FileSystemUsage read(String configured) throws IOException {
    Path real;
    try {
      real = Path.of(configured).toRealPath();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(configured + ": no such file or directory", e);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IOException(configured + ": invalid path", e);
    }
    StatFs.Space space = statFs.statfs(real);
    Optional<Mount> mount = procFs.mounts().map(MountTable::parse).flatMap(t -> t.find(real));
    if (mount.isPresent()) {
      Mount m = mount.get();
      return new FileSystemUsage(
          configured,
          m.mountPoint(),
          m.fsType(),
          m.device(),
          space.totalBytes(),
          space.availableBytes());
    }
    FileStore store = Files.getFileStore(real);
    return new FileSystemUsage(
        configured,
        mountPointOf(real, store),
        store.type(),
        store.name(),
        space.totalBytes(),
        space.availableBytes());
  }

  private static String mountPointOf(Path real, FileStore store) {
    Path top = real;
    for (Path p = real.getParent(); p != null; p = p.getParent()) {
      try {
        if (!Files.getFileStore(p).equals(store)) {
          break;
        }
      } catch (IOException | SecurityException e) {
        break;
      }
      top = p;
    }
    return top.toString();
  }
}
