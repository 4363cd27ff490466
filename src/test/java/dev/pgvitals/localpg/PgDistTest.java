package dev.pgvitals.localpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the binaries jars; unpacking is exercised by every test that starts PostgreSQL. */
class PgDistTest {

  @TempDir Path binaries;
  @TempDir Path home;

  private String withHome(java.util.function.Supplier<String> body) {
    String saved = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    try {
      return body.get();
    } finally {
      System.setProperty("user.home", saved);
    }
  }

  @Test
  void newestAvailableIsTheHighestMajorWhoseJarIsInTheBinariesDirOrTheMavenRepository()
      throws Exception {
    assertThat(withHome(() -> PgDist.newestAvailable(binaries).map(String::valueOf).orElse("none")))
        .isEqualTo("none");

    Files.createFile(binaries.resolve(PgDist.ARTIFACT + "-" + PgDist.version(14) + ".jar"));
    assertThat(withHome(() -> PgDist.newestAvailable(binaries).orElseThrow().toString()))
        .isEqualTo("14");

    Path m2 =
        home.resolve(
            ".m2/repository/io/zonky/test/postgres/" + PgDist.ARTIFACT + "/" + PgDist.version(16));
    Files.createDirectories(m2);
    Files.createFile(m2.resolve(PgDist.ARTIFACT + "-" + PgDist.version(16) + ".jar"));
    assertThat(withHome(() -> PgDist.newestAvailable(binaries).orElseThrow().toString()))
        .isEqualTo("16");
  }

  @Test
  void aMissingJarIsOneLineNamingWhereItLookedAndWhatToRun() {
    String message =
        withHome(
            () -> {
              try {
                PgDist.forMajor(
                    15, binaries, binaries.resolve("cache"), binaries.resolve("fallback"));
                return "no error";
              } catch (IllegalStateException e) {
                return e.getMessage();
              }
            });
    assertThat(message)
        .doesNotContain("\n")
        .startsWith("PostgreSQL 15.14.0 binaries not found (looked at " + binaries)
        .endsWith(
            "run 'mvn -B -q package -DskipTests' once, which copies them into target/pg-binaries/");
  }

  @Test
  void anUnknownMajorIsRefused() {
    assertThatThrownBy(() -> PgDist.version(12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no PostgreSQL binaries for major 12; known: [13, 14, 15, 16, 17, 18]");
  }
}
