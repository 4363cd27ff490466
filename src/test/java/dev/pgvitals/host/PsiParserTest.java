package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.host.HostSnapshot.PsiLine;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PsiParserTest {

  @Test
  void parsesSomeAndFullLines() {
    Pressure p =
        PsiParser.parse(
            "some avg10=3.30 avg60=2.06 avg300=0.64 total=3141953\n"
                + "full avg10=2.02 avg60=0.99 avg300=0.32 total=1979698\n");
    assertThat(p.some()).isEqualTo(new PsiLine(3.30, 2.06, 0.64, 3141953));
    assertThat(p.full()).contains(new PsiLine(2.02, 0.99, 0.32, 1979698));
  }

  @Test
  void aFileWithoutFullLineHasNoFull() {
    Pressure p = PsiParser.parse(Fixtures.procFs("psi-without-full").pressure("cpu").orElseThrow());
    assertThat(p.some()).isEqualTo(new PsiLine(0.50, 0.25, 0.10, 98765));
    assertThat(p.full()).isEqualTo(Optional.empty());
  }

  @Test
  void fieldOrderAndUnknownFieldsDoNotMatter() {
    Pressure p =
        PsiParser.parse(
            "some total=5 avg300=0.03 future=1 avg60=0.02 avg10=0.01\nsomething else\n");
    assertThat(p.some()).isEqualTo(new PsiLine(0.01, 0.02, 0.03, 5));
  }

  @Test
  void totalBeyondIntRangeIsKept() {
    assertThat(
            PsiParser.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=98765432109876\n")
                .some()
                .totalMicros())
        .isEqualTo(98765432109876L);
  }

  @Test
  void theFixtureFilesParse() {
    ProcFs fs = Fixtures.procFs("normal");
    assertThat(PsiParser.parse(fs.pressure("cpu").orElseThrow()).some().avg10()).isEqualTo(31.90);
    assertThat(PsiParser.parse(fs.pressure("memory").orElseThrow()).full().orElseThrow().avg60())
        .isEqualTo(0.90);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage\n", "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"})
  void noSomeLineIsAClearFailure(String text) {
    assertThatThrownBy(() -> PsiParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed PSI: no 'some' line");
  }

  @Test
  void aMissingFieldIsAClearFailure() {
    assertThatThrownBy(() -> PsiParser.parse("some avg10=0.00 avg60=0.00 avg300=0.00\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed PSI: 'some' line has no total");
    assertThatThrownBy(
            () ->
                PsiParser.parse(
                    "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\nfull avg10=0.00 avg300=0.00 total=1\n"))
        .hasMessage("malformed PSI: 'full' line has no avg60");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "some avg10=x avg60=0.00 avg300=0.00 total=0",
        "some avg10=-1 avg60=0.00 avg300=0.00 total=0",
        "some avg10=100.01 avg60=0.00 avg300=0.00 total=0",
        "some avg10=NaN avg60=0.00 avg300=0.00 total=0",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=1.5",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=-3",
      })
  void aBadValueIsAClearFailure(String text) {
    assertThatThrownBy(() -> PsiParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed PSI: 'some' ")
        .hasMessageEndingWith(" is not valid");
  }

  @Test
  void twoSomeLinesAreAClearFailure() {
    String line = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    assertThatThrownBy(() -> PsiParser.parse(line + line))
        .hasMessage("malformed PSI: more than one 'some' line");
  }
}
