package dev.pgvitals.host;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The fake {@code /proc} trees under {@code src/test/resources/proc/<case>/}. */
final class Fixtures {

  private Fixtures() {}

  static ProcFs procFs(String fixture) {
    URL url = Fixtures.class.getResource("/proc/" + fixture);
    if (url == null) {
      throw new IllegalStateException("no fixture " + fixture);
    }
    try {
      return new ProcFs(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
