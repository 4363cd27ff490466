package dev.pgvitals.check;

import java.util.ArrayList;
import java.util.List;

/** Test-side rendering of suite results in the two formats of checks.md (lines, no newlines). */
final class PgSuiteText {

  private PgSuiteText() {}

  static List<String> seed(SuiteResult r) {
    List<String> out = new ArrayList<>();
    for (CheckResult c : r.checks()) {
      if (!c.passed() && c.inSeed()) {
        out.add("[✗] " + c.seedText());
      }
    }
    for (CheckResult c : r.checks()) {
      if (c.passed() && c.inSeed()) {
        out.add("[✓] " + c.seedText());
      }
    }
    return out;
  }

  static List<String> framework(SuiteResult r) {
    List<String> out = new ArrayList<>();
    for (CheckResult c : r.checks()) {
      out.add((c.passed() ? "[✓] " : "[✗] ") + c.name() + ": " + c.frameworkText() + " ("
          + PgDurationText.check(c.elapsed()) + ")");
    }
    return out;
  }
}
