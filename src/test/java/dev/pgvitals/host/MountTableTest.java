package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.host.MountTable.Mount;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {

  private static final MountTable TABLE =
      MountTable.parse(Fixtures.procFs("normal").mounts().orElseThrow());

  @Test
  void parsesDeviceMountPointAndType() {
    assertThat(TABLE.mounts()).hasSize(5);
    assertThat(TABLE.mounts().get(3)).isEqualTo(new Mount("/dev/vdb", "/data", "ext4"));
  }

  @Test
  void decodesOctalEscapes() {
    assertThat(TABLE.mounts().get(4).mountPoint()).isEqualTo("/run/my volume");
    assertThat(MountTable.unescape("a\\011b\\012c\\134d")).isEqualTo("a\tb\nc\\d");
    assertThat(MountTable.unescape("trailing\\04")).isEqualTo("trailing\\04");
    assertThat(MountTable.unescape("not\\9octal")).isEqualTo("not\\9octal");
  }

  @Test
  void theLongestMountPointPrefixWins() {
    assertThat(TABLE.find(Path.of("/data/"))).contains(new Mount("/dev/vdb", "/data", "ext4"));
    assertThat(TABLE.find(Path.of("/data/postgresql/16")))
        .contains(new Mount("/dev/vdb", "/data", "ext4"));
    assertThat(TABLE.find(Path.of("/run/my volume/x")).map(Mount::fsType)).contains("tmpfs");
    assertThat(TABLE.find(Path.of("/var/lib/postgresql")))
        .contains(new Mount("/dev/vda1", "/", "ext4"));
    assertThat(TABLE.find(Path.of("/"))).contains(new Mount("/dev/vda1", "/", "ext4"));
  }

  @Test
  void prefixesMatchWholePathElementsOnly() {
    assertThat(TABLE.find(Path.of("/database"))).contains(new Mount("/dev/vda1", "/", "ext4"));
    assertThat(TABLE.find(Path.of("/data-old/x")).map(Mount::mountPoint)).contains("/");
  }

  @Test
  void theLastOfTwoMountsOnTheSamePointWins() {
    MountTable t =
        MountTable.parse(
            "/dev/vda1 / ext4 rw 0 0\n/dev/old /data xfs rw 0 0\n/dev/new /data ext4 rw 0 0\n");
    assertThat(t.find(Path.of("/data/pg"))).contains(new Mount("/dev/new", "/data", "ext4"));
  }

  @Test
  void dotDotIsResolvedBeforeMatching() {
    assertThat(TABLE.find(Path.of("/data/../var")).map(Mount::mountPoint)).contains("/");
  }

  @Test
  void shortLinesAreSkippedAndAnEmptyTableFindsNothing() {
    MountTable t = MountTable.parse(Fixtures.procFs("malformed").mounts().orElseThrow());
    assertThat(t.mounts()).containsExactly(new Mount("/dev/vda1", "/", "ext4"));
    assertThat(MountTable.parse("").find(Path.of("/data"))).isEmpty();
  }
}
