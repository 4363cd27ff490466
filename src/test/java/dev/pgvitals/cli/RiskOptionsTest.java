package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cli.MainTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The risk suite's flags: one clear line for a bad value, and {@code check risk} in script mode.
 */
class RiskOptionsTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--slot-max-retained, lots, 'lots' is not a size",
    "--slot-inactive-max-retained, -1GB, '-1GB' is not a size",
    "--wraparound-factor, 0, '0' must be a positive number",
    "--max-transaction-age, forever, 'forever' is not a duration",
    "--max-idle-in-transaction, 0s, '0s' is out of range",
    "--disk-full-within, x, 'x' is not a duration",
    "--archive-max-wait, 1d, '1d' has an unknown unit",
    "--pg-health-interval, often, 'often' is not a duration",
    "--risk-checks, maybe, 'maybe' is not on or off"
  })
  void aBadValueExits2WithOneLineNamingTheFlag(String flag, String value, String reason) {
    Run r = MainTest.run("check", "risk", flag, value);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("pgvitals: ")
        .contains(flag)
        .contains(reason)
        .doesNotContain("Exception");
  }

  @Test
  void checkRiskWithoutPostgresJudgesOnlyTheDiskForecastAndPasses() {
    Run r =
        MainTest.run(
            "check", "risk", "--proc-root", MainTest.fixture("passing"), "--data-path", "/");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("[✓] disk forecast: collecting samples (0s so far)\n");
    assertThat(r.code()).isZero();
  }

  @Test
  void riskChecksTakesOnOrOff() {
    Run r =
        MainTest.run(
            "check",
            "risk",
            "--risk-checks",
            "on",
            "--proc-root",
            MainTest.fixture("passing"),
            "--data-path",
            "/");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
  }

  @Test
  void checkRiskInTheFrameworkFormatNamesTheCheck() {
    Run r =
        MainTest.run(
            "check",
            "risk",
            "--format",
            "framework",
            "--proc-root",
            MainTest.fixture("passing"),
            "--data-path",
            "/",
            "--slot-max-retained",
            "512MB",
            "--max-transaction-age",
            "30m");
    assertThat(r.out())
        .matches("\\[✓] diskForecast: collecting samples \\(0s so far\\) \\(.+\\)\n");
    assertThat(r.code()).isZero();
  }
}
