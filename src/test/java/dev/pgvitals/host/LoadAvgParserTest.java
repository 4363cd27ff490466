package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.host.HostSnapshot.LoadAverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadAvgParserTest {

  @Test
  void parsesTheFirstThreeFields() {
    assertThat(LoadAvgParser.parse("0.29 0.35 0.50 1/90 6055\n"))
        .isEqualTo(new LoadAverage(0.29, 0.35, 0.50));
  }

  @Test
  void toleratesMissingProcessFieldsAndExtraWhitespace() {
    assertThat(LoadAvgParser.parse("  12.00\t4.5   100.25 "))
        .isEqualTo(new LoadAverage(12.0, 4.5, 100.25));
  }

  @Test
  void parsesTheFixtureFile() {
    assertThat(Fixtures.procFs("normal").loadavg().map(LoadAvgParser::parse))
        .contains(new LoadAverage(0.29, 0.35, 0.50));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "0.29 0.35"})
  void tooFewFieldsIsAClearFailure(String text) {
    assertThatThrownBy(() -> LoadAvgParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed loadavg: expected 3 load averages");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a load average",
        "0.29 x 0.50 1/90 6055",
        "0.29 -1 0.50",
        "NaN 0.1 0.1",
        "1e3 0.1 0.1",
        "0.1 0.1 Infinity"
      })
  void aFieldThatIsNotALoadAverageIsAClearFailure(String text) {
    assertThatThrownBy(() -> LoadAvgParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed loadavg: '");
  }

  @Test
  void nullIsAClearFailure() {
    assertThatThrownBy(() -> LoadAvgParser.parse(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
