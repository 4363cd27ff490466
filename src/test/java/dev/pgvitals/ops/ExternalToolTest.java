package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

  private static boolean underCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  @Test
  void aMissingToolSkipsLocallyButFailsUnderCiWithTheInstallHint() {
    Class<? extends Throwable> expected =
        underCi() ? AssertionFailedError.class : TestAbortedException.class;

    assertThatThrownBy(
            () -> ExternalTool.require("pgvitals-no-such-tool", "apt-get install -y nothing"))
        .isInstanceOf(expected)
        .hasMessageContaining("pgvitals-no-such-tool is not on PATH")
        .hasMessageContaining("apt-get install -y nothing");
  }

  @Test
  void aToolOnPathIsFound() {
    assertThat(ExternalTool.require("sh", "apt-get install -y dash")).isAbsolute();
  }

  @Test
  void runCapturesStdoutStderrExitCodeAndEnvironment() throws IOException, InterruptedException {
    ExternalTool.Result result =
        ExternalTool.run(
            List.of("/bin/sh", "-c", "echo out-$X; echo err >&2; exit 3"),
            Path.of("/"),
            Map.of("X", "1"),
            Duration.ofSeconds(30));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out-1\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }
}
