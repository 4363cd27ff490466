package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/pgvitals, run as an executable against a stand-in jar. */
class LauncherTest {

  private static final Path LAUNCHER = RepoFiles.resolve("bin/pgvitals");
  private static final String JAVA_HOME = System.getProperty("java.home");

  @TempDir Path tmp;

  /** A runnable jar whose main class is {@link LauncherProbe}. */
  private Path probeJar(Path jar) throws IOException {
    return probeJar(jar, LauncherProbe.class);
  }

  /**
   * A runnable jar whose main class is {@code probe}; {@code classPath}: the classes' jars (or
   * directories) it needs besides the JDK, as the manifest's Class-Path.
   */
  private Path probeJar(Path jar, Class<?> probe, Class<?>... classPath) throws IOException {
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, probe.getName());
    if (classPath.length > 0) {
      String urls =
          java.util.Arrays.stream(classPath)
              .map(c -> c.getProtectionDomain().getCodeSource().getLocation().toString())
              .distinct()
              .collect(java.util.stream.Collectors.joining(" "));
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, urls);
    }
    String entry = probe.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jos = new JarOutputStream(out, manifest);
        var in = probe.getClassLoader().getResourceAsStream(entry)) {
      jos.putNextEntry(new JarEntry(entry));
      in.transferTo(jos);
      jos.closeEntry();
    }
    return jar;
  }

  private static ExternalTool.Result launch(Path launcher, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    return ExternalTool.run(command, launcher.getParent(), env, Duration.ofSeconds(60));
  }

  @Test
  void passesEveryArgumentThroughUnchangedWithTheDefaultJvmOptions()
      throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("probe.jar"));

    ExternalTool.Result result =
        launch(
            LAUNCHER,
            Map.of("PGVITALS_JAR", jar.toString(), "JAVA_HOME", JAVA_HOME),
            "agent",
            "--pg-url",
            "postgres://u:p@h:5432/db",
            "two words",
            "");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.stdout().lines().filter(l -> l.startsWith("arg=")))
        .containsExactly(
            "arg=agent", "arg=--pg-url", "arg=postgres://u:p@h:5432/db", "arg=two words", "arg=");
    assertThat(result.stdout())
        .contains("jvm=-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xms8m -Xmx64m ")
        .contains("-XX:-UsePerfData");
  }

  /**
   * Vert.x gives its sockets Netty's default allocator unless that is the unpooled one, in which
   * case it makes an AdaptiveByteBufAllocator of its own, whose chunks held 4.5 MB of direct memory
   * with 10 databases (docs/benchmarks.md, section 3). The launcher makes the default a pooled
   * allocator small enough for a sidecar; this checks that Vert.x and Netty, as built, take it.
   */
  @Test
  void vertxSocketsGetOneSmallNettyArenaWithoutThreadCaches()
      throws IOException, InterruptedException {
    Path jar =
        probeJar(
            tmp.resolve("netty.jar"),
            NettyAllocatorProbe.class,
            io.netty.buffer.ByteBufAllocator.class,
            io.netty.util.internal.PlatformDependent.class,
            io.vertx.core.Vertx.class);

    ExternalTool.Result result =
        launch(
            LAUNCHER,
            Map.of("PGVITALS_JAR", jar.toString(), "JAVA_HOME", JAVA_HOME, "PGVITALS_CDS", "off"),
            "agent");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.stdout().lines())
        .as(result.output())
        .contains(
            "sockets=PooledByteBufAllocator",
            "isNettyDefault=true",
            "directArenas=1",
            "heapArenas=1",
            "chunkSize=131072",
            "smallCacheSize=0",
            "normalCacheSize=0");
  }

  @Test
  void anOutOfMemoryErrorOnAnyThreadExitsTheJvmSoASupervisorRestartsIt()
      throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("oom.jar"), OomProbe.class);

    // the main thread waits forever: only -XX:+ExitOnOutOfMemoryError ends this run
    ExternalTool.Result result =
        launch(
            LAUNCHER,
            Map.of(
                "PGVITALS_JAR",
                jar.toString(),
                "JAVA_HOME",
                JAVA_HOME,
                "PGVITALS_CDS",
                "off",
                "JAVA_OPTS",
                "-Xmx16m"));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
    assertThat(result.stdout()).contains("allocating");
    assertThat(result.output()).contains("Terminating due to java.lang.OutOfMemoryError");
  }

  @Test
  void javaOptsComeAfterTheDefaultsSoTheyOverrideThem() throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("probe.jar"));

    ExternalTool.Result result =
        launch(
            LAUNCHER,
            Map.of(
                "PGVITALS_JAR",
                jar.toString(),
                "JAVA_HOME",
                JAVA_HOME,
                "JAVA_OPTS",
                "-Xmx96m -Dpgvitals.test=1"),
            "check");

    assertThat(result.exitCode()).as(result.output()).isZero();
    String jvm =
        result.stdout().lines().filter(l -> l.startsWith("jvm=")).findFirst().orElseThrow();
    assertThat(jvm).endsWith(" -Xmx96m -Dpgvitals.test=1");
    assertThat(jvm.indexOf("-Xmx64m")).isLessThan(jvm.indexOf("-Xmx96m"));
  }

  @Test
  void prefersTheInstalledJarInLibOverTarget() throws IOException, InterruptedException {
    Path bin = Files.createDirectories(tmp.resolve("opt/pgvitals/bin"));
    Path launcher =
        Files.copy(LAUNCHER, bin.resolve("pgvitals"), StandardCopyOption.COPY_ATTRIBUTES);
    probeJar(tmp.resolve("opt/pgvitals/lib/pgvitals.jar"));
    Files.createDirectories(tmp.resolve("opt/pgvitals/target"));
    Files.writeString(tmp.resolve("opt/pgvitals/target/pgvitals.jar"), "not a jar: lib/ must win");

    ExternalTool.Result result = launch(launcher, Map.of("JAVA_HOME", JAVA_HOME), "agent");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.stdout()).contains("arg=agent");
  }

  @Test
  void aMissingJarIsOneClearLineAndExitCodeOne() throws IOException, InterruptedException {
    Path bin = Files.createDirectories(tmp.resolve("empty/bin"));
    Path launcher =
        Files.copy(LAUNCHER, bin.resolve("pgvitals"), StandardCopyOption.COPY_ATTRIBUTES);

    ExternalTool.Result result = launch(launcher, Map.of("JAVA_HOME", JAVA_HOME), "agent");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr().lines())
        .singleElement()
        .asString()
        .startsWith("pgvitals: ")
        .contains("target/pgvitals.jar not found")
        .contains("mvn -B -q package -DskipTests");
  }

  @Test
  void trimsTheNativeHeapWhereTheJdkHasTheOption() throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("probe.jar"));
    Runtime.Version v = Runtime.version();
    boolean has =
        v.feature() >= 22
            || (v.feature() == 21 && v.update() >= 1)
            || (v.feature() == 17 && v.update() >= 9);

    ExternalTool.Result result =
        launch(LAUNCHER, Map.of("PGVITALS_JAR", jar.toString(), "JAVA_HOME", JAVA_HOME), "agent");

    assertThat(result.exitCode()).as(result.output()).isZero();
    if (has) {
      assertThat(result.stdout()).contains("-XX:TrimNativeHeapInterval=30000");
    } else {
      assertThat(result.stdout()).doesNotContain("TrimNativeHeapInterval");
    }
  }

  @Test
  void classDataSharingCanBeTurnedOffForTheAgentOrAltogether()
      throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("probe.jar"));

    ExternalTool.Result off = launchWithCds(jar, "off");
    ExternalTool.Result none = launchWithCds(jar, "none");

    assertThat(off.exitCode()).as(off.output()).isZero();
    assertThat(off.stdout()).doesNotContain("-Xshare:off").doesNotContain("Archive");
    assertThat(none.exitCode()).as(none.output()).isZero();
    assertThat(none.stdout()).contains(" -Xshare:off").doesNotContain("Archive");
    assertThat(Files.exists(tmp.resolve("probe.jsa"))).isFalse();
  }

  @Test
  void anUnknownClassDataSharingModeIsOneClearLineAndExitCodeTwo()
      throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("probe.jar"));

    ExternalTool.Result result = launchWithCds(jar, "yes");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr().lines())
        .singleElement()
        .asString()
        .isEqualTo("pgvitals: PGVITALS_CDS must be on, off or none, not 'yes'");
  }

  private static ExternalTool.Result launchWithCds(Path jar, String mode)
      throws IOException, InterruptedException {
    return launch(
        LAUNCHER,
        Map.of("PGVITALS_JAR", jar.toString(), "JAVA_HOME", JAVA_HOME, "PGVITALS_CDS", mode),
        "agent");
  }

  @Test
  void anExplicitHeapCapWins() throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("probe.jar"));

    ExternalTool.Result result =
        launch(
            LAUNCHER,
            Map.of(
                "PGVITALS_JAR", jar.toString(), "JAVA_HOME", JAVA_HOME, "PGVITALS_HEAP_MAX", "40m"),
            "agent");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.stdout()).contains(" -Xmx40m ").doesNotContain("-Xmx64m");
  }

  /**
   * Under a cgroup memory limit the heap cap leaves 56 MiB for the rest of the JVM (at least 16 MB
   * of heap), and below 120 MiB class-data sharing is off (its relocated archives cost their pages
   * twice). Needs a writable cgroup memory controller (root), as CI has.
   */
  @Test
  void theHeapCapFollowsTheCgroupMemoryLimit() throws IOException, InterruptedException {
    Path jar = probeJar(tmp.resolve("probe.jar"));
    Path v1 = Path.of("/sys/fs/cgroup/memory");
    Path v2 = Path.of("/sys/fs/cgroup");
    boolean isV2 =
        Files.exists(v2.resolve("cgroup.subtree_control"))
            && Files.readString(v2.resolve("cgroup.subtree_control")).contains("memory");
    Path root = isV2 ? v2 : v1;
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isWritable(root),
        "no writable cgroup memory controller (v1 " + v1 + " or v2 " + v2 + ")");
    for (int[] limitAndHeap : new int[][] {{80, 24}, {64, 16}, {512, 64}}) {
      Path cg =
          Files.createDirectory(
              root.resolve("pgvitals-launcher-test-" + ProcessHandle.current().pid()));
      try {
        Files.writeString(
            cg.resolve(isV2 ? "memory.max" : "memory.limit_in_bytes"),
            Long.toString(limitAndHeap[0] * 1024L * 1024L));
        ExternalTool.Result result =
            ExternalTool.run(
                List.of(
                    "sh",
                    "-c",
                    "echo $$ > \"$1\"/cgroup.procs && exec \"$2\" agent",
                    "sh",
                    cg.toString(),
                    LAUNCHER.toString()),
                LAUNCHER.getParent(),
                Map.of("PGVITALS_JAR", jar.toString(), "JAVA_HOME", JAVA_HOME),
                Duration.ofSeconds(60));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout())
            .as("limit %d MiB", limitAndHeap[0])
            .contains(" -Xmx" + limitAndHeap[1] + "m ");
        if (limitAndHeap[0] < 120) {
          assertThat(result.stdout())
              .as("limit %d MiB", limitAndHeap[0])
              .contains(" -Xshare:off")
              .doesNotContain("-XX:ArchiveClassesAtExit")
              .doesNotContain("-XX:SharedArchiveFile");
        } else {
          assertThat(result.stdout())
              .as("limit %d MiB", limitAndHeap[0])
              .doesNotContain("-Xshare:off")
              .contains("-XX:ArchiveClassesAtExit");
        }
      } finally {
        Files.delete(cg);
      }
    }
  }

  @Test
  void theLauncherIsExecutableInTheRepository() {
    assertThat(Files.isExecutable(LAUNCHER)).isTrue();
  }
}
