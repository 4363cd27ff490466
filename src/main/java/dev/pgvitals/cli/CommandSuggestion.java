package dev.pgvitals.cli;

import java.util.List;

/** The one line for a mistyped command: what exists, and the closest one when it is close. */
final class CommandSuggestion {

  private CommandSuggestion() {}

  /** {@code unknown command 'chekc' (commands: agent, check, …); did you mean 'check'?} */
  static String unknownCommand(String typed, List<String> commands) {
    List<String> shownCommands = commands.stream().filter(c -> !c.equals("help")).toList();
    // a word is shown; anything else may be a connection string or a token typed in the wrong place
    boolean word = typed.matches("[A-Za-z][A-Za-z0-9_-]{0,30}");
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String c : shownCommands) {
      int d = distance(typed.toLowerCase(java.util.Locale.ROOT), c);
      if (d < best) {
        best = d;
        closest = c;
      }
    }
    boolean close = word && closest != null && best <= Math.max(1, closest.length() / 3);
    return "unknown command "
        + (word ? "'" + typed + "'" : "(not shown: it may hold a secret)")
        + " (commands: "
        + String.join(", ", shownCommands)
        + ")"
        + (close ? "; did you mean '" + closest + "'?" : "");
  }

  /** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs 1. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
