package dev.pgvitals.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.SuiteResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteRendererTest {

  static final Duration T = Duration.ofNanos(105_381);

  static CheckResult pass(String name, String seed, String framework) {
    return CheckResult.passed(name, seed, framework, T);
  }

  static CheckResult fail(String name, String seed, String framework) {
    return CheckResult.failed(name, seed, framework, T);
  }

  /** The vm block of the golden {@code vm status} sample, with the reference's PSI texts. */
  static SuiteResult goldenVm() {
    return SuiteResult.of(
        "vm",
        List.of(
            pass(
                "checkDisk",
                "20.53 GB (83.9%) free space on /data/",
                "20.53 GB (83.9%) free space on /data/"),
            pass("checkLoad", "load averages: 0.29 0.35 0.50", "load averages: 0.29 0.35 0.50"),
            pass(
                "memory",
                "memory: 0.9s waiting over the last 60s",
                "system spent 900ms of the last 60s waiting on memory"),
            fail(
                "cpu",
                "system spent 31.9 of the last 10 seconds waiting for cpu",
                "system spent 3.19s of the last 10 seconds waiting on cpu"),
            pass(
                "io",
                "io: 0.0s waiting over the last 60s",
                "system spent 0s of the last 60s waiting on io")));
  }

  static SuiteResult goldenPg() {
    return SuiteResult.of(
        "pg",
        List.of(
            pass("replication", "replication: currently leader", "currently leader"),
            pass(
                "connections",
                "connections: 37 used, 3 reserved, 100 max",
                "37 used, 3 reserved, 100 max")));
  }

  static SuiteResult role(String word) {
    return SuiteResult.of("role", List.of(pass("role", word, word)));
  }

  static String golden() throws IOException {
    try (InputStream in = SuiteRendererTest.class.getResourceAsStream("/golden/vm-status.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The OUTPUT column of one block of the golden Checks table, as seed text. */
  static String goldenChecksBlock(String id) throws IOException {
    List<String> lines = golden().lines().toList();
    int header =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("ID   SERVICE")).findFirst().orElseThrow());
    int column = lines.get(header).indexOf("OUTPUT");
    StringBuilder out = new StringBuilder();
    boolean in = false;
    for (String l : lines.subList(header + 1, lines.size())) {
      if (l.startsWith(id + " ")) {
        in = true;
      } else if (in && (l.isBlank() || !l.startsWith(" "))) {
        break;
      }
      if (in) {
        out.append(l.substring(column).stripTrailing()).append('\n');
      }
    }
    return out.toString();
  }

  @Test
  void seedPrintsFailuresFirstLikeTheGoldenVmBlock() throws IOException {
    String expected = goldenChecksBlock("vm");
    assertThat(expected).startsWith("[✗] system spent 31.9");
    assertThat(SuiteRenderer.render(goldenVm(), CheckFormat.SEED)).isEqualTo(expected);
  }

  @Test
  void seedMatchesTheGoldenPgAndRoleBlocks() throws IOException {
    assertThat(SuiteRenderer.render(goldenPg(), CheckFormat.SEED))
        .isEqualTo(goldenChecksBlock("pg"));
    assertThat(SuiteRenderer.render(role("leader"), CheckFormat.SEED))
        .isEqualTo(goldenChecksBlock("role"));
  }

  @Test
  void seedExactText() {
    assertThat(SuiteRenderer.render(goldenVm(), CheckFormat.SEED))
        .isEqualTo(
            "[\u2717] system spent 31.9 of the last 10 seconds waiting for cpu\n"
                + "[\u2713] 20.53 GB (83.9%) free space on /data/\n"
                + "[\u2713] load averages: 0.29 0.35 0.50\n"
                + "[\u2713] memory: 0.9s waiting over the last 60s\n"
                + "[\u2713] io: 0.0s waiting over the last 60s\n");
  }

  @Test
  void seedKeepsSuiteOrderWithinFailuresAndPasses() {
    SuiteResult r =
        SuiteResult.of(
            "vm",
            List.of(
                pass("a", "a ok", "a ok"),
                fail("b", "b bad", "b bad"),
                pass("c", "c ok", "c ok"),
                fail("d", "d bad", "d bad")));
    assertThat(SuiteRenderer.render(r, CheckFormat.SEED))
        .isEqualTo("[✗] b bad\n[✗] d bad\n[✓] a ok\n[✓] c ok\n");
  }

  @Test
  void frameworkExactText() {
    assertThat(SuiteRenderer.render(goldenVm(), CheckFormat.FRAMEWORK))
        .isEqualTo(
            "[\u2713] checkDisk: 20.53 GB (83.9%) free space on /data/ (105.38\u00B5s)\n"
                + "[\u2713] checkLoad: load averages: 0.29 0.35 0.50 (105.38\u00B5s)\n"
                + "[\u2713] memory: system spent 900ms of the last 60s waiting on memory (105.38\u00B5s)\n"
                + "[\u2717] cpu: system spent 3.19s of the last 10 seconds waiting on cpu (105.38\u00B5s)\n"
                + "[\u2713] io: system spent 0s of the last 60s waiting on io (105.38\u00B5s)");
  }

  @Test
  void frameworkElapsedIsRoundedLikeTheReference() {
    assertThat(SuiteRenderer.frameworkLine(CheckResult.passed("x", "", "m", Duration.ofNanos(83))))
        .isEqualTo("[✓] x: m (83ns)");
    assertThat(
            SuiteRenderer.frameworkLine(
                CheckResult.passed("x", "", "m", Duration.ofNanos(299_965_000_000L))))
        .isEqualTo("[✓] x: m (4m59.97s)");
    assertThat(
            SuiteRenderer.frameworkLine(
                CheckResult.failed("x", "", "boom", Duration.ofSeconds(3605))))
        .isEqualTo("[✗] x: boom (1h0m5s)");
  }

  @Test
  void roleSuiteIsTheWordAlone() {
    assertThat(SuiteRenderer.render(role("leader"), CheckFormat.SEED)).isEqualTo("leader\n");
    assertThat(SuiteRenderer.render(role("leader"), CheckFormat.FRAMEWORK)).isEqualTo("leader");
    assertThat(SuiteRenderer.render(role("replica"), CheckFormat.SEED)).isEqualTo("replica\n");
  }

  @Test
  void roleSetupErrorIsOfflineInSeedAndTheErrorInFramework() {
    SuiteResult r =
        SuiteResult.setupFailed("role", "failed to connect to local node: connection refused");
    assertThat(SuiteRenderer.render(r, CheckFormat.SEED)).isEqualTo("offline\n");
    assertThat(SuiteRenderer.render(r, CheckFormat.FRAMEWORK))
        .isEqualTo("failed to connect to local node: connection refused");
  }

  @Test
  void setupErrorIsTheOneLine() {
    SuiteResult r =
        SuiteResult.setupFailed("pg", "failed to connect to local node: connection refused");
    assertThat(SuiteRenderer.render(r, CheckFormat.SEED))
        .isEqualTo("failed to connect to local node: connection refused\n");
    assertThat(SuiteRenderer.render(r, CheckFormat.FRAMEWORK))
        .isEqualTo("failed to connect to local node: connection refused");
  }

  @Test
  void anEmptySuiteRendersAsNothing() {
    SuiteResult r = SuiteResult.of("vm", new ArrayList<>());
    assertThat(SuiteRenderer.render(r, CheckFormat.SEED)).isEmpty();
    assertThat(SuiteRenderer.render(r, CheckFormat.FRAMEWORK)).isEmpty();
  }
}
