package dev.pgvitals.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthcheckLogLineTest {

  @Test
  void reproducesTheRecentLogsLinesOfTheGoldenSample() {
    List<String> sample = Golden.sample("vm-status.txt");
    List<String> logs = sample.subList(sample.indexOf("Recent Logs") + 1, sample.size());
    assertThat(List.of(
            "  " + HealthcheckLogLine.line(Instant.parse("2021-02-19T22:53:35Z"), "vm", false, """
                [✗] system spent 6.3 of the last 10 seconds waiting for memory
                [✗] system spent 27.5 of the last 10 seconds waiting for cpu
                [✓] 20.53 GB (83.9%) free space on /data/
                [✓] load averages: 0.29 0.35 0.58
                [✓] io: 0.1s waiting over the last 60s
                """),
            "  " + HealthcheckLogLine.line(Instant.parse("2021-02-19T22:54:35Z"), "vm", true, """
                [✓] 20.66 GB (84.4%) free space on /data/
                [✓] load averages: 0.28 0.31 0.28
                [✓] memory: 0.7s waiting over the last 60s
                [✓] cpu: 8.6s waiting over the last 60s
                [✓] io: 0.1s waiting over the last 60s
                """)))
        .containsExactlyElementsOf(logs);
  }

  @Test
  void messageIsOneLineWhateverTheLineEndings() {
    assertThat(HealthcheckLogLine.message("pg", false, "a\r\nb\n"))
        .isEqualTo("[HEALTHCHECK] [pg: failing] a↩︎b↩︎")
        .doesNotContain("\n");
  }
}
