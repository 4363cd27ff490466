package dev.pgvitals.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names, selectors and label names a PromQL expression uses, without a full
 * parser: strings, range brackets, numbers and durations are skipped, identifiers followed by
 * {@code (} are functions or aggregations, grouping clauses ({@code by (...)}, {@code on (...)},
 * ...) hold label names, and every other identifier is a metric name. Enough to check that
 * dashboards and alert rules only use documented families; promtool checks the syntax.
 */
final class PromqlNames {

  /**
   * One vector selector: its metric name ({@code null} for a bare {@code {...}}) and the text
   * between its braces.
   */
  record Selector(String metric, String matchers) {}

  /** What an expression refers to. */
  record Scan(List<Selector> selectors, Set<String> labels) {
    Set<String> metricNames() {
      Set<String> names = new LinkedHashSet<>();
      for (Selector s : selectors) {
        if (s.metric() != null) {
          names.add(s.metric());
        }
      }
      return names;
    }
  }

  private static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)");

  private PromqlNames() {}

  static Set<String> metricNames(String expr) {
    return scan(expr).metricNames();
  }

  static Scan scan(String expr) {
    List<Selector> selectors = new ArrayList<>();
    Set<String> labels = new LinkedHashSet<>();
    String s = expr;
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i);
      } else if (c == '#') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '[') {
        i = closing(s, i, '[', ']') + 1;
      } else if (c == '{') {
        int end = closing(s, i, '{', '}');
        String matchers = s.substring(i + 1, end);
        selectors.add(new Selector(null, matchers));
        addMatcherLabels(matchers, labels);
        i = end + 1;
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
        i = skipNumberOrDuration(s, i);
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(s.charAt(i))) {
          i++;
        }
        String ident = s.substring(start, i);
        int next = skipSpace(s, i);
        String lower = ident.toLowerCase();
        if (GROUPING.contains(lower)) {
          if (next < n && s.charAt(next) == '(') {
            int end = closing(s, next, '(', ')');
            for (String label : s.substring(next + 1, end).split(",")) {
              if (!label.isBlank()) {
                labels.add(label.strip());
              }
            }
            i = end + 1;
          }
        } else if (KEYWORDS.contains(lower)) {
          // operator or number keyword: nothing to record
        } else if ((next < n && s.charAt(next) == '(')
            || startsWithWord(s, next, "by")
            || startsWithWord(s, next, "without")) {
          i = next; // function call, or aggregation: sum(...), sum by (...) (...)
        } else if (next < n && s.charAt(next) == '{') {
          int end = closing(s, next, '{', '}');
          String matchers = s.substring(next + 1, end);
          selectors.add(new Selector(ident, matchers));
          addMatcherLabels(matchers, labels);
          i = end + 1;
        } else {
          selectors.add(new Selector(ident, ""));
        }
      } else {
        i++;
      }
    }
    return new Scan(List.copyOf(selectors), labels);
  }

  private static void addMatcherLabels(String matchers, Set<String> labels) {
    Matcher m = MATCHER_LABEL.matcher(withoutStrings(matchers));
    while (m.find()) {
      labels.add(m.group(1));
    }
  }

  private static String withoutStrings(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i);
        out.append("\"\"");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Index just past the string literal that starts at {@code start}. */
  private static int skipString(String s, int start) {
    char quote = s.charAt(start);
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
        continue;
      }
      if (c == quote) {
        return i + 1;
      }
      i++;
    }
    throw new IllegalArgumentException("unterminated string at " + start + " in: " + s);
  }

  /** Index of the bracket that closes the one at {@code start}, skipping strings. */
  private static int closing(String s, int start, char open, char close) {
    int depth = 0;
    int i = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException("unbalanced '" + open + "' at " + start + " in: " + s);
  }

  private static int skipNumberOrDuration(String s, int start) {
    int i = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
        i++;
      } else if ((c == '+' || c == '-')
          && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')
          && i + 1 < s.length()
          && Character.isDigit(s.charAt(i + 1))
          && !s.substring(start, i).startsWith("0x")) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean startsWithWord(String s, int i, String word) {
    int end = i + word.length();
    return s.regionMatches(true, i, word, 0, word.length())
        && (end == s.length() || !isIdentPart(s.charAt(end)));
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }
}
