package dev.pgvitals.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates files of the repository checkout the tests run in (Maven runs them in the project
 * directory).
 */
final class RepoFiles {

  private RepoFiles() {}

  /**
   * The repository root: the nearest directory upwards from the working directory that holds
   * pom.xml.
   */
  static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no pom.xml above " + dir);
  }

  static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
