package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile read as instructions (no Docker engine here): a Maven build stage, a JRE 17
 * runtime as a non-root user, a health check on /liveness, the launcher as entrypoint, and every
 * file it copies present in the build context and not excluded by .dockerignore.
 */
class DockerfileTest {

  record Instruction(String keyword, String args) {}

  private static final Path DOCKERFILE = RepoFiles.resolve("docker/Dockerfile");

  /** Instructions with continuation lines joined and comments dropped. */
  private static List<Instruction> instructions() throws IOException {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().strip();
      current.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      int space = text.indexOf(' ');
      out.add(
          new Instruction(
              text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
    }
    return out;
  }

  /** ARG defaults declared before the first FROM, to resolve {@code FROM ${...}}. */
  private static Map<String, String> globalArgs(List<Instruction> all) {
    Map<String, String> args = new HashMap<>();
    for (Instruction i : all) {
      if (i.keyword().equals("FROM")) {
        break;
      }
      if (i.keyword().equals("ARG") && i.args().contains("=")) {
        String[] kv = i.args().split("=", 2);
        args.put(kv[0], kv[1]);
      }
    }
    return args;
  }

  private static String resolve(String text, Map<String, String> args) {
    Matcher m = Pattern.compile("\\$\\{([A-Za-z_]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Instructions of the stage that starts at the n-th FROM. */
  private static List<Instruction> stage(List<Instruction> all, int n) {
    List<Instruction> out = new ArrayList<>();
    int seen = -1;
    for (Instruction i : all) {
      if (i.keyword().equals("FROM")) {
        seen++;
      }
      if (seen == n) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void buildsWithMavenOnTemurin17AndRunsOnAJava17Jre() throws IOException {
    List<Instruction> all = instructions();
    Map<String, String> args = globalArgs(all);
    List<String> froms =
        all.stream()
            .filter(i -> i.keyword().equals("FROM"))
            .map(i -> resolve(i.args(), args))
            .toList();

    assertThat(froms).hasSize(2);
    assertThat(froms.get(0))
        .startsWith("maven:")
        .contains("eclipse-temurin-17")
        .endsWith(" AS build");
    assertThat(froms.get(1)).startsWith("eclipse-temurin:17-jre");
    assertThat(stage(all, 0))
        .anySatisfy(
            i -> {
              assertThat(i.keyword()).isEqualTo("RUN");
              assertThat(i.args()).contains("mvn -B -q package");
            });
  }

  @Test
  void theRuntimeRunsAsANonRootUser() throws IOException {
    List<Instruction> runtime = stage(instructions(), 1);
    List<String> users =
        runtime.stream().filter(i -> i.keyword().equals("USER")).map(Instruction::args).toList();

    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1);
    assertThat(user.split(":")[0]).isNotIn("root", "0");
    int userIndex =
        runtime.indexOf(
            runtime.stream()
                .filter(i -> i.keyword().equals("USER"))
                .reduce((a, b) -> b)
                .orElseThrow());
    assertThat(runtime.subList(userIndex, runtime.size()))
        .noneMatch(i -> i.keyword().equals("RUN"));
  }

  @Test
  void healthcheckProbesLivenessOnTheListenPort() throws IOException {
    List<Instruction> runtime = stage(instructions(), 1);
    Instruction hc =
        runtime.stream().filter(i -> i.keyword().equals("HEALTHCHECK")).findFirst().orElseThrow();
    String env =
        runtime.stream()
            .filter(i -> i.keyword().equals("ENV"))
            .map(Instruction::args)
            .reduce("", String::concat);

    assertThat(hc.args()).contains("CMD").contains("/liveness").contains("${PGVITALS_LISTEN##*:}");
    assertThat(env).contains("PGVITALS_LISTEN=0.0.0.0:5500").contains("PGVITALS_DATA_PATH=/data/");
    assertThat(runtime)
        .anySatisfy(
            i -> {
              assertThat(i.keyword()).isEqualTo("RUN");
              assertThat(i.args()).contains("install").contains("curl");
            });
  }

  @Test
  void theLauncherIsTheEntrypointAndFindsTheJarWhereTheImagePutsIt() throws IOException {
    List<Instruction> runtime = stage(instructions(), 1);
    List<String> copies =
        runtime.stream().filter(i -> i.keyword().equals("COPY")).map(Instruction::args).toList();
    String entrypoint =
        runtime.stream()
            .filter(i -> i.keyword().equals("ENTRYPOINT"))
            .findFirst()
            .orElseThrow()
            .args();

    assertThat(copies)
        .contains("--from=build /src/target/pgvitals.jar /opt/pgvitals/lib/pgvitals.jar");
    assertThat(copies)
        .anySatisfy(c -> assertThat(c).endsWith("bin/pgvitals /opt/pgvitals/bin/pgvitals"));
    assertThat(entrypoint).isEqualTo("[\"/opt/pgvitals/bin/pgvitals\"]");
    assertThat(Files.readString(RepoFiles.resolve("bin/pgvitals")))
        .contains("$here/lib/pgvitals.jar");
    assertThat(Files.readString(RepoFiles.resolve("pom.xml")))
        .as("shade finalName gives target/pgvitals.jar")
        .contains("<finalName>pgvitals</finalName>");
  }

  @Test
  void everyCopiedSourceIsInTheBuildContextAndNotDockerignored() throws IOException {
    List<String> ignored =
        Files.readAllLines(RepoFiles.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .map(l -> l.replaceFirst("/$", ""))
            .toList();
    for (Instruction i : instructions()) {
      if (!i.keyword().equals("COPY") || i.args().contains("--from=")) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(i.args().split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      for (String source : words.subList(0, words.size() - 1)) {
        assertThat(RepoFiles.resolve(source)).as("COPY source " + source).exists();
        String top = source.split("/")[0];
        assertThat(ignored)
            .as("COPY source " + source + " is excluded by .dockerignore")
            .doesNotContain(top);
      }
    }
  }
}
