package dev.pgvitals.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code rate_limit.interval} is read by the one duration parser, in the web config's wording. */
class WebConfigDurationTest {

  @Test
  void goDurationsUpTo365Days() {
    assertThat(WebConfig.goDuration("0", "k")).isEqualTo(Duration.ZERO);
    assertThat(WebConfig.goDuration("250ms", "k")).isEqualTo(Duration.ofMillis(250));
    assertThat(WebConfig.goDuration(" 1m30s ", "k")).isEqualTo(Duration.ofSeconds(90));
    assertThat(WebConfig.goDuration("8760h", "k")).isEqualTo(Duration.ofDays(365));
    for (String bad : new String[] {"10", "1d", "-1s", "8761h", "soon"}) {
      assertThatThrownBy(() -> WebConfig.goDuration(bad, "rate_limit.interval"))
          .hasMessage(
              "rate_limit.interval: '" + bad + "' is not a duration (e.g. 1s, 500ms, 1m30s)");
    }
  }
}
