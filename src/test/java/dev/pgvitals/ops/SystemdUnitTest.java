package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/pgvitals.service: runs the launcher from an EnvironmentFile, hardened, and systemd accepts
 * it.
 */
class SystemdUnitTest {

  private static final Path UNIT = RepoFiles.resolve("docker/pgvitals.service");
  private static final String LAUNCHER = "/opt/pgvitals/bin/pgvitals";

  /** key → values of one section (a key may repeat). */
  private static Map<String, List<String>> section(String name) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String current = null;
    for (String line : Files.readAllLines(UNIT)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
        continue;
      }
      if (t.startsWith("[")) {
        current = t.substring(1, t.length() - 1);
        continue;
      }
      if (name.equals(current)) {
        String[] kv = t.split("=", 2);
        out.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
      }
    }
    return out;
  }

  private static String one(Map<String, List<String>> section, String key) {
    assertThat(section).as("key " + key).containsKey(key);
    List<String> values = section.get(key);
    return values.get(values.size() - 1);
  }

  @Test
  void runsTheAgentThroughTheLauncherWithSettingsFromAnEnvironmentFile() throws IOException {
    Map<String, List<String>> service = section("Service");

    assertThat(one(service, "ExecStart")).isEqualTo(LAUNCHER + " agent");
    assertThat(one(service, "EnvironmentFile")).isEqualTo("/etc/pgvitals/pgvitals.env");
    assertThat(one(service, "User")).isNotIn("root", "0");
    assertThat(one(service, "Restart")).isEqualTo("on-failure");
    assertThat(one(section("Install"), "WantedBy")).isEqualTo("multi-user.target");

    String example = Files.readString(RepoFiles.resolve("docker/pgvitals.env.example"));
    assertThat(example)
        .contains("\nDATABASE_URL=postgres://")
        .contains("\nPGVITALS_LISTEN=")
        .contains("\nPGVITALS_DATA_PATH=");
  }

  /**
   * A hard limit above the measured RSS (docs/benchmarks.md) that the launcher sizes the heap from.
   */
  @Test
  void limitsMemoryWithHeadroomAndNoSwap() throws IOException {
    Map<String, List<String>> service = section("Service");

    assertThat(one(service, "MemoryMax")).isEqualTo("144M");
    assertThat(one(service, "MemoryHigh")).isEqualTo("128M");
    assertThat(one(service, "MemorySwapMax")).isEqualTo("0");
    assertThat(one(service, "Restart")).isEqualTo("on-failure");
  }

  @Test
  void isHardenedWithoutBreakingTheJvm() throws IOException {
    Map<String, List<String>> service = section("Service");

    assertThat(one(service, "NoNewPrivileges")).isEqualTo("yes");
    assertThat(one(service, "ProtectSystem")).isEqualTo("strict");
    assertThat(one(service, "CapabilityBoundingSet")).isEmpty();
    assertThat(one(service, "PrivateTmp")).isEqualTo("yes");
    assertThat(one(service, "RestrictAddressFamilies")).contains("AF_INET").contains("AF_INET6");
    assertThat(service)
        .as("the JIT needs writable and executable memory")
        .doesNotContainKey("MemoryDenyWriteExecute");
    assertThat(service)
        .as("the host sampler reads /proc")
        .doesNotContainKeys("ProtectProc", "ProcSubset");
  }

  private static Path unitWithLocalLauncher(Path dir) throws IOException {
    Path copy = dir.resolve("pgvitals.service");
    Files.writeString(
        copy,
        Files.readString(UNIT).replace(LAUNCHER, RepoFiles.resolve("bin/pgvitals").toString()));
    return copy;
  }

  /**
   * systemd-analyze exits 0 even for unknown keys or bad values, but prints them: so no output is
   * the test.
   */
  @Test
  void systemdAnalyzeVerifyReportsNothing(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path analyze = ExternalTool.require("systemd-analyze", "apt-get install -y systemd");
    Path unit = unitWithLocalLauncher(tmp);

    ExternalTool.Result result =
        ExternalTool.run(List.of(analyze.toString(), "verify", unit.toString()), tmp);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).as("warnings about the unit").doesNotContain("pgvitals.service");
  }

  @Test
  void systemdAnalyzeSecurityRatesTheUnitWellProtected(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path analyze = ExternalTool.require("systemd-analyze", "apt-get install -y systemd");
    Path unit = unitWithLocalLauncher(tmp);

    ExternalTool.Result result =
        ExternalTool.run(
            List.of(
                analyze.toString(),
                "security",
                "--offline=yes",
                "--threshold=30",
                "--no-pager",
                unit.toString()),
            tmp);

    assertThat(result.output()).contains("Overall exposure level for pgvitals.service");
    assertThat(result.exitCode()).as("exposure above 3.0:\n" + result.output()).isZero();
  }
}
