package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    String names =
        queries
            .substring(
                queries.indexOf("NAMES = \"") + 9,
                queries.indexOf(";", queries.indexOf("NAMES = \"")))
            .replaceAll("\"\\s*\\+\\s*\"", "")
            .replace("\"", "");
    for (String name : names.split("\\|")) {
      assertThat(DocumentedMetrics.ALLOWED).as(name).contains(name);
    }
  }

  private static String read(String relative) throws Exception {
    return Files.readString(RepoFiles.resolve(relative), StandardCharsets.UTF_8);
  }
}
