package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {

  @Test
  void readsTheFilesOfTheFixtureTree() {
    ProcFs fs = Fixtures.procFs("normal");
    assertThat(fs.loadavg()).contains("0.29 0.35 0.50 1/90 6055\n");
    assertThat(fs.pressure("cpu"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("some avg10=31.90"));
    assertThat(fs.mounts()).hasValueSatisfying(t -> assertThat(t).contains("/dev/vdb /data ext4"));
  }

  @Test
  void missingFilesReadAsEmpty() {
    ProcFs fs = Fixtures.procFs("missing");
    assertThat(fs.loadavg()).isEmpty();
    assertThat(fs.pressure("cpu")).isEmpty();
    assertThat(fs.pressure("memory")).isEmpty();
    assertThat(fs.pressure("io")).isEmpty();
  }

  @Test
  void mountsFallBackToProcMountsWithoutProcSelf() {
    assertThat(Fixtures.procFs("missing").mounts())
        .hasValueSatisfying(t -> assertThat(t).startsWith("overlay / overlay"));
  }

  @Test
  void aRootThatDoesNotExistReadsAsEmpty() {
    ProcFs fs = new ProcFs(Path.of("/nonexistent/pgvitals-root"));
    assertThat(fs.loadavg()).isEmpty();
    assertThat(fs.mounts()).isEmpty();
  }

  @Test
  void aDirectoryWhereAFileIsExpectedReadsAsEmpty(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("proc/loadavg"));
    assertThat(new ProcFs(root).loadavg()).isEmpty();
  }

  @Test
  void anUnreadableFileReadsAsEmpty(@TempDir Path root) throws Exception {
    Path f = Files.createDirectories(root.resolve("proc/pressure")).resolve("io");
    Files.writeString(f, "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(f), "running as root");
    assertThat(new ProcFs(root).pressure("io")).isEmpty();
  }

  @Test
  void onlyTheThreePsiResourcesAreAccepted() {
    assertThatThrownBy(() -> ProcFs.system().pressure("../loadavg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown PSI resource '../loadavg'");
  }
}
