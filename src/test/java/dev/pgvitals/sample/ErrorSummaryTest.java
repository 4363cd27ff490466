package dev.pgvitals.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorSummaryTest {

  @Test
  void firstLineOfTheMessageOrTheType() {
    assertThat(ErrorSummary.of(new IOException("connection refused\n  at somewhere")))
        .isEqualTo("connection refused");
    assertThat(ErrorSummary.of(new IOException("  padded \r\nmore"))).isEqualTo("padded");
    assertThat(ErrorSummary.of(new IllegalStateException())).isEqualTo("IllegalStateException");
    assertThat(ErrorSummary.of(new IllegalStateException(" "))).isEqualTo("IllegalStateException");
    assertThat(ErrorSummary.of(null)).isEqualTo("no result");
    assertThat(ErrorSummary.firstLine(null)).isEmpty();
  }
}
