package dev.pgvitals.host;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * statvfs of a path: the seam between {@link DataFileSystem} and the real file system, so tests can
 * hand in file systems this machine does not have (zero bytes, nearly full).
 */
@FunctionalInterface
public interface StatFs {

  /**
   * Sizes in bytes.
   *
   * @param totalBytes {@code f_blocks × f_frsize}
   * @param availableBytes {@code f_bavail × f_frsize}: space an unprivileged user (PostgreSQL) can
   *     still use, which excludes the blocks reserved for root
   */
  record Space(long totalBytes, long availableBytes) {}

  Space statfs(Path path) throws IOException;

  /**
   * The JDK's view: {@link FileStore#getTotalSpace()} is {@code f_blocks × f_frsize} and {@link
   * FileStore#getUsableSpace()} is {@code f_bavail × f_frsize} on Linux.
   */
  StatFs FILE_STORE =
      path -> {
        FileStore store = Files.getFileStore(path);
        return new Space(store.getTotalSpace(), store.getUsableSpace());
      };
}
