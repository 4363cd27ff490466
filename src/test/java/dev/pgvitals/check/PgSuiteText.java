package dev.pgvitals.check;

import dev.pgvitals.render.SuiteRenderer;
import java.util.List;

/** Suite results as the project's renderer prints them, one list element per line. */
final class PgSuiteText {

  private PgSuiteText() {}

  static List<String> seed(SuiteResult r) {
    String text = SuiteRenderer.render(r, CheckFormat.SEED);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  static List<String> framework(SuiteResult r) {
    return List.of(SuiteRenderer.render(r, CheckFormat.FRAMEWORK).split("\n"));
  }
}
