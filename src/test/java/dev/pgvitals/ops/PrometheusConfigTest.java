package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker/prometheus.yml is a valid Prometheus configuration whose rule files resolve from the
 * repository.
 */
class PrometheusConfigTest {

  @Test
  void promtoolCheckConfigIsCleanAndChecksTheShippedRules()
      throws IOException, InterruptedException {
    Path promtool = ExternalTool.require("promtool", "apt-get install -y prometheus");
    Path config = RepoFiles.resolve("docker/prometheus.yml");

    ExternalTool.Result result =
        ExternalTool.run(
            List.of(promtool.toString(), "check", "config", config.toString()), RepoFiles.root());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("SUCCESS: 1 rule files found")
        .contains("Checking " + RepoFiles.resolve("alerts/pgvitals.rules.yml"))
        .doesNotContain("FAILED");
  }
}
