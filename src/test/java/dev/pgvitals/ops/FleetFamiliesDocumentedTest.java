package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fleet views' families are exposed (the metrics golden file has them), made where their name
 * is written in full, and documented in the README's metrics section and docs/fleet-views.md; the
 * queries read nothing else.
 */
class FleetFamiliesDocumentedTest {

  @Test
  void everyFleetFamilyIsExposedWrittenInFullAndDocumented() throws Exception {
    String golden = read("src/test/resources/golden-metrics/agent.prom");
    String collector = read("src/main/java/dev/pgvitals/agent/FleetCollector.java");
    String readme = read("README.md");
    String doc = read("docs/fleet-views.md");
    for (String name : DocumentedMetrics.FLEET) {
      assertThat(golden).as(name).contains("# TYPE " + name + " gauge\n");
      assertThat(collector).as(name).contains("\"" + name + "\"");
      assertThat(readme).as(name).contains("`" + name);
      assertThat(doc).as(name).contains("`" + name);
    }
  }

  @Test
  void theQueriesReadOnlyDocumentedFamilies() throws Exception {
    String queries = read("src/main/java/dev/pgvitals/fleet/FleetQueries.java");
    // the constant as written: string literals joined by +, wherever the formatter breaks the line
    Matcher constant =
        Pattern.compile("NAMES\\s*=\\s*((?:\"[^\"]*\"\\s*\\+?\\s*)+);").matcher(queries);
    assertThat(constant.find()).as("FleetQueries.NAMES").isTrue();
    String names = constant.group(1).replaceAll("\"\\s*\\+\\s*\"", "").replace("\"", "").strip();
    assertThat(names.split("\\|")).contains("up", "pgvitals_check_info", "pgvitals_role");
    for (String name : names.split("\\|")) {
      assertThat(DocumentedMetrics.ALLOWED).as(name).contains(name);
    }
  }

  private static String read(String relative) throws Exception {
    return Files.readString(RepoFiles.resolve(relative), StandardCharsets.UTF_8);
  }
}
