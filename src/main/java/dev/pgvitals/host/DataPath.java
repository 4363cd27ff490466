package dev.pgvitals.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which path the disk check measures. A configured path wins and is used (and printed) exactly as
 * given, trailing slash and all. Otherwise: {@code /data/} (the reference's volume) when that
 * directory exists, else PostgreSQL's {@code data_directory} once it is known, else {@code /}.
 */
public final class DataPath {

  /** The reference's data volume, printed as {@code free space on /data/}. */
  public static final String DEFAULT = "/data/";

  private DataPath() {}

  /**
   * @param configured the operator's setting, {@code null} or blank when unset
   * @param pgDataDirectory PostgreSQL's {@code data_directory}, empty until it has been read
   */
  public static String choose(String configured, Optional<String> pgDataDirectory) {
    return choose(configured, pgDataDirectory, p -> Files.isDirectory(Path.of(p)));
  }

  /** {@link #choose(String, Optional)} with the existence test given, for tests. */
  public static String choose(
      String configured, Optional<String> pgDataDirectory, Predicate<String> isDirectory) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (isDirectory.test(DEFAULT)) {
      return DEFAULT;
    }
    return pgDataDirectory.filter(d -> !d.isBlank()).orElse("/");
  }

  /**
   * A supplier for {@link HostSampler} that decides afresh on every sample, so the PostgreSQL data
   * directory is picked up once the PostgreSQL sampler has read it.
   */
  public static Supplier<String> supplier(
      String configured, Supplier<Optional<String>> pgDataDirectory) {
    return () -> choose(configured, pgDataDirectory.get());
  }
}
