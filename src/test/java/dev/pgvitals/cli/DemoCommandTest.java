package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.localpg.Os;
import dev.pgvitals.testpg.PgVersions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgvitals demo} end to end, in this JVM: real PostgreSQL primary and replica from the Maven
 * binaries, two agents, the live tables, and nothing left behind. The vm suite reads a fixture
 * /proc so that "passing" does not depend on this machine's load.
 */
class DemoCommandTest {

  static final Pattern TEMP_DIR =
      Pattern.compile("^pgvitals demo: temp dir (\\S+)$", Pattern.MULTILINE);

  @Test
  void boundedRunPrintsBothNodesPassingThenStopsEverythingAndRemovesItsTempDir() throws Exception {
    String fixture = Path.of("src/test/resources/agent/passing").toAbsolutePath().toString();
    int major = PgVersions.majorsUnderTest().get(0);

    MainTest.Run r =
        MainTest.run(
            "demo",
            "--major",
            Integer.toString(major),
            "--duration",
            "6s",
            "--interval",
            "2s",
            "--port-base",
            "0",
            "--proc-root",
            fixture,
            "--disk-min-free",
            "0");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).isEmpty();
    Matcher m = TEMP_DIR.matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    Path dir = Path.of(m.group(1));
    assertThat(dir.getFileName().toString())
        .startsWith("pgvitals-demo-" + ProcessHandle.current().pid() + "-");

    assertThat(r.out())
        .containsPattern(
            "PostgreSQL "
                + major
                + "\\.\\d+\\.\\d+: primary on 127\\.0\\.0\\.1:\\d+, "
                + "streaming replica on 127\\.0\\.0\\.1:\\d+")
        .containsPattern("primary agent: http://127\\.0\\.0\\.1:\\d+/metrics\n")
        .containsPattern("replica agent: http://127\\.0\\.0\\.1:\\d+/metrics\n")
        .containsPattern(
            "http://127\\.0\\.0\\.1:\\d+/flycheck/vm  http://127\\.0\\.0\\.1:\\d+/flycheck/pg  "
                + "http://127\\.0\\.0\\.1:\\d+/flycheck/role");

    String[] rounds = r.out().split("\n---- \\S+ ----\n");
    assertThat(rounds.length).as("one table per interval of a 6 s run").isGreaterThanOrEqualTo(3);
    String last = rounds[rounds.length - 1];
    assertThat(last).startsWith("Health Checks for pgvitals-demo\n");
    List<String> rows = last.lines().filter(l -> l.matches("^(vm|pg|role) .*")).toList();
    assertThat(rows)
        .hasSize(6)
        .allMatch(l -> l.matches("(vm  |pg  |role) passing [0-9a-f]{8} +local +SCRIPT .*"));
    assertThat(rows.get(2)).endsWith(" leader");
    assertThat(rows.get(5)).endsWith(" replica");
    assertThat(last)
        .containsPattern("running \\(leader\\)  3 total, 3 passing")
        .containsPattern("running \\(replica\\) 3 total, 3 passing");

    assertThat(Os.processesUnder(dir)).isEmpty();
    assertThat(processesNaming(dir)).isEmpty();
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void withoutBinariesItSaysInOneLineWhatToRun(@TempDir Path empty) {
    String binaries = System.getProperty("pg.binaries.dir");
    String home = System.getProperty("user.home");
    System.setProperty("pg.binaries.dir", empty.toString());
    System.setProperty("user.home", empty.toString()); // no ~/.m2 either
    try {
      MainTest.Run r = MainTest.run("demo", "--duration", "1s");

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().lines())
          .singleElement()
          .asString()
          .startsWith("pgvitals: no PostgreSQL binaries in " + empty)
          .endsWith("run 'mvn -B -q package -DskipTests' first");
    } finally {
      restore("pg.binaries.dir", binaries);
      System.setProperty("user.home", home);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  /** Pids whose command line mentions {@code dir} (a postgres -D under it, say). */
  static List<Long> processesNaming(Path dir) {
    return Os.processes(
        proc ->
            new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                .contains(dir.toString()));
  }
}
