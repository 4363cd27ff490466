package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line: exit codes, one-line errors, script mode. */
class MainTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static String fixture(String name) {
    return Path.of("src/test/resources/agent", name).toAbsolutePath().toString();
  }

  @Test
  void badListenValueExits2WithOneLineNamingTheFlag() {
    Run r = run("agent", "--listen", "nonsense");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("pgvitals: ")
        .contains("--listen")
        .contains("nonsense")
        .doesNotContain("Exception");
  }

  @Test
  void badDurationExits2() {
    Run r = run("check", "vm", "--check-deadline", "soon");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("--check-deadline").contains("'soon' is not a duration");
  }

  @Test
  void badPercentageAndFormatExit2() {
    assertThat(run("check", "vm", "--disk-min-free", "150").code()).isEqualTo(2);
    Run format = run("check", "vm", "--format", "xml");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format").contains("unknown check format 'xml'");
  }

  @Test
  void wrongNumberOfLoadThresholdsExits2() {
    Run r = run("check", "vm", "--load-thresholds", "1,2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("--load-thresholds takes three numbers");
  }

  @Test
  void unknownSuiteAndUnknownOptionExit2() {
    Run suite = run("check", "disk");
    assertThat(suite.code()).isEqualTo(2);
    assertThat(suite.err()).contains("unknown suite 'disk'");
    Run option = run("agent", "--bogus");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err().lines()).hasSize(1);
  }

  @Test
  void usageErrorsNeverRepeatWhatMayBeASecret() {
    String[][] cases = {
      {"agent", "--pg-urll=postgres://u:s3cret@h/db"},
      {"agent", "--api-tokn=s3cret"},
      {"agent", "--pg-url", "host=h", "password=s3cret"},
      {"check", "--pg-url", "host=h", "password=s3cret"},
    };
    for (String[] args : cases) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err())
          .as(String.join(" ", args))
          .doesNotContain("s3cret")
          .startsWith("pgvitals: ");
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.out()).doesNotContain("s3cret");
    }
    assertThat(run("agent", "--pg-urll=postgres://u:s3cret@h/db").err())
        .contains("unknown option '--pg-urll'");
  }

  @Test
  void optionsWithoutCommandMeanAgent() {
    Run r = run("--listen", "bad");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--listen");
  }

  @Test
  void versionAndHelp() {
    Run v = run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("pgvitals ");
    Run h = run("check", "--help");
    assertThat(h.code()).isZero();
    assertThat(h.out()).contains("--proc-root", "--data-path", "SUITE");
    assertThat(run("agent", "--version").out()).startsWith("pgvitals ");
  }

  @Test
  void checkVmPassingPrintsSeedTextAndExits0() {
    Run r =
        run(
            "check",
            "vm",
            "--proc-root",
            fixture("passing"),
            "--data-path",
            "/",
            "--disk-min-free",
            "0");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("[✓] ").endsWith("[✓] io: 0.1s waiting over the last 60s\n");
    assertThat(r.out().lines()).hasSize(5);
  }

  @Test
  void checkVmFailingExits2WithFailuresFirst() {
    Run r =
        run(
            "check",
            "vm",
            "--proc-root",
            fixture("failing"),
            "--data-path",
            "/",
            "--disk-min-free",
            "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .startsWith("[✗] system spent 3.2s of the last 10 seconds waiting for cpu\n");
  }

  @Test
  void checkVmInFrameworkFormat() {
    Run r =
        run(
            "check",
            "vm",
            "--format",
            "framework",
            "--proc-root",
            fixture("passing"),
            "--data-path",
            "/",
            "--disk-min-free",
            "0");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines())
        .hasSize(5)
        .allMatch(l -> l.matches("\\[✓] (checkDisk|checkLoad|memory|cpu|io): .* \\(.+\\)"));
  }

  @Test
  void checkRoleWithoutPostgresPrintsOfflineAndExits1() {
    Run r = run("check", "role", "--proc-root", fixture("passing"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("offline\n");
  }
}
