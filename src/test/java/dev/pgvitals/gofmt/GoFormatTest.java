package dev.pgvitals.gofmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {

  private static final long NS = 1;
  private static final long US = 1_000;
  private static final long MS = 1_000_000;
  private static final long S = 1_000_000_000;
  private static final long M = 60 * S;
  private static final long H = 60 * M;

  @ParameterizedTest(name = "{0} ns -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // checks.md vectors
        "0|0s",
        "83|83ns",
        "246000|246µs",
        "105380|105.38µs",
        "6930000|6.93ms",
        "1500000000|1.5s",
        "61000000000|1m1s",
        "299970000000|4m59.97s",
        "3605000000000|1h0m5s",
        // Go's own TestDurationString table
        "1|1ns",
        "1100|1.1µs",
        "2200000|2.2ms",
        "3300000000|3.3s",
        "245000000000|4m5s",
        "245001000000|4m5.001s",
        "18367001000000|5h6m7.001s",
        "480000000001|8m0.000000001s",
        "9223372036854775807|2562047h47m16.854775807s",
        "-9223372036854775808|-2562047h47m16.854775808s",
        // unit boundaries
        "999|999ns",
        "1000|1µs",
        "999999|999.999µs",
        "1000000|1ms",
        "999999999|999.999999ms",
        "1000000000|1s",
        "60000000000|1m0s",
        "3600000000000|1h0m0s",
        "-1100|-1.1µs",
        "-1500000000|-1.5s",
        "-480000000001|-8m0.000000001s",
      })
  void durationPrintsLikeGo(long nanos, String expected) {
    assertThat(GoFormat.duration(nanos)).isEqualTo(expected);
  }

  @Test
  void durationUsesTheMicroSignNotGreekMu() {
    assertThat(GoFormat.duration(246 * US)).isEqualTo("246\u00B5s").doesNotContain("\u03BC");
  }

  @Test
  void durationOfJavaDurationSaturatesBeyondGoRange() {
    assertThat(GoFormat.duration(Duration.ofDays(365L * 1000)))
        .isEqualTo("2562047h47m16.854775807s");
    assertThat(GoFormat.duration(Duration.ofDays(-365L * 1000)))
        .isEqualTo("-2562047h47m16.854775808s");
    assertThat(GoFormat.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
  }

  @ParameterizedTest(name = "round({0}, {1}) = {2}")
  @CsvSource({
    // Go's TestDurationRound table
    "-1, 2, -2",
    "0, 1, 0",
    "5000, 2000, 6000",
    "4000, 2000, 4000",
    "-5000, 2000, -6000",
    "-4000, 2000, -4000",
    "3000, 2000, 4000",
    "-3000, 2000, -4000",
    "1, 0, 1",
    "1, -1, 1",
    "9223372036854775807, 1, 9223372036854775807",
    "9223372036854775807, 2, 9223372036854775807",
    "-9223372036854775808, 2, -9223372036854775808",
    "9223372036854775807, 1000000000, 9223372036854775807",
    "-9223372036854775808, 1000000000, -9223372036854775808",
    "1, 9223372036854775807, 0",
  })
  void roundFollowsGoDurationRound(long d, long m, long expected) {
    assertThat(GoFormat.round(d, m)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ns -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // above 1 s: to 10 ms, ties away from zero
        "1234567890|1.23s",
        "1235000000|1.24s",
        "1234999999|1.23s",
        "299965000000|4m59.97s",
        "299964999999|4m59.96s",
        "3605004999999|1h0m5s",
        // exactly 1 s is not above 1 s: rounded to 10 µs, which keeps it
        "1000000000|1s",
        "1000000001|1s",
        // above 1 ms: to 10 µs
        "6934999|6.93ms",
        "6935000|6.94ms",
        "1000001|1ms",
        "999999999|1s",
        // exactly 1 ms is not above 1 ms: rounded to 10 ns
        "1000000|1ms",
        // above 1 µs: to 10 ns
        "105381|105.38µs",
        "105385|105.39µs",
        "1001|1µs",
        "1005|1.01µs",
        "999995|1ms",
        // 1 µs and below: untouched
        "1000|1µs",
        "999|999ns",
        "83|83ns",
        "0|0s",
      })
  void checkDurationRoundsToTwoDecimalsOfItsUnit(long nanos, String expected) {
    assertThat(GoFormat.checkDuration(nanos)).isEqualTo(expected);
    assertThat(GoFormat.checkDuration(Duration.ofNanos(nanos))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // checks.md vectors
        "1|1 B",
        "1536|1.5 KB",
        "1048575|1024 KB",
        "22043509146|20.53 GB",
        "999999999999|931.32 GB",
        "0|0 B",
        // more
        "1023|1023 B",
        "1024|1 KB",
        "1048576|1 MB",
        "1073741824|1 GB",
        "1099511627776|1 TB",
        "1125899906842624|1 PB",
        "8589934592|8 GB",
        "1073741823|1024 MB",
        "1100|1.07 KB",
        "22180574003|20.66 GB",
        "9223372036854775807|8 EB",
      })
  void sizePrintsLikeTheReference(long bytes, String expected) {
    assertThat(GoFormat.size(bytes)).isEqualTo(expected);
  }

  @Test
  void sizeRejectsNegativeCounts() {
    assertThatThrownBy(() -> GoFormat.size(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative byte count: -1");
  }

  @ParameterizedTest(name = "%.{1}f of {0} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // checks.md vectors
        "8.25|1|8.2",
        "2.675|2|2.67",
        "0.15|1|0.1",
        "9.95|1|9.9",
        // more: exact halves go to even, inexact ones by their binary value
        "8.35|1|8.3",
        "8.75|1|8.8",
        "0.25|1|0.2",
        "0.35|1|0.3",
        "0.125|2|0.12",
        "0.375|2|0.38",
        "1.005|2|1.00",
        "0.29|2|0.29",
        "0.5|0|0",
        "1.5|0|2",
        "2.5|0|2",
        "83.9|1|83.9",
        "10|2|10.00",
        "0|1|0.0",
        "1e21|1|1000000000000000000000.0",
        "-0.04|1|-0.0",
        "-1.25|1|-1.2",
      })
  void fixedRoundsTheExactBinaryValueHalfToEven(double x, int decimals, String expected) {
    assertThat(GoFormat.fixed(x, decimals)).isEqualTo(expected);
  }

  @Test
  void fixedPrintsSpecialValuesLikeGo() {
    assertThat(GoFormat.fixed(Double.NaN, 1)).isEqualTo("NaN");
    assertThat(GoFormat.fixed(Double.POSITIVE_INFINITY, 1)).isEqualTo("+Inf");
    assertThat(GoFormat.fixed(Double.NEGATIVE_INFINITY, 2)).isEqualTo("-Inf");
    assertThat(GoFormat.fixed(-0.0, 1)).isEqualTo("-0.0");
  }

  @Test
  void fixedDiffersFromStringFormatWhereStringFormatRoundsHalfUp() {
    // the reason this class exists: String.format rounds the decimal text half up
    assertThat(String.format(java.util.Locale.ROOT, "%.1f", 8.25)).isEqualTo("8.3");
    assertThat(GoFormat.fixed(8.25, 1)).isEqualTo("8.2");
  }
}
