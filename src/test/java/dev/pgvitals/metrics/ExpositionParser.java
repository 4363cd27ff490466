package dev.pgvitals.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small parser of the Prometheus text exposition format (0.0.4) and OpenMetrics text, for tests:
 * families with their TYPE and HELP, samples with labels and values. Strict on what pgvitals must
 * get right: a malformed line, a sample outside any declared family, a family declared twice or a
 * sample repeated with equal labels is an {@link IllegalArgumentException}.
 */
public final class ExpositionParser {

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** One family: its name as in the TYPE line, its type, help and samples in order. */
  public record Family(String name, String type, String help, List<Sample> samples) {

    /** The value of the only sample whose labels include all of {@code labelPairs}. */
    public double value(String... labelPairs) {
      List<Sample> m = samples.stream().filter(s -> matches(s, labelPairs)).toList();
      if (m.size() != 1) {
        throw new AssertionError(m.size() + " samples of " + name + " match " + List.of(labelPairs));
      }
      return m.get(0).value();
    }

    public Optional<Sample> find(String... labelPairs) {
      return samples.stream().filter(s -> matches(s, labelPairs)).findFirst();
    }

    private static boolean matches(Sample s, String[] labelPairs) {
      for (int i = 0; i < labelPairs.length; i += 2) {
        if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
          return false;
        }
      }
      return true;
    }
  }

  private ExpositionParser() {}

  /** Families by name, in order of appearance. */
  public static Map<String, Family> parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> help = new LinkedHashMap<>();
    String current = null;
    List<Sample> currentSamples = null;
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty() || line.equals("# EOF")) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        String rest = line.substring(7);
        int sp = rest.indexOf(' ');
        String name = sp < 0 ? rest : rest.substring(0, sp);
        help.put(name, sp < 0 ? "" : unescapeHelp(rest.substring(sp + 1)));
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ");
        if (p.length != 2) {
          throw bad(lineNo, line);
        }
        if (families.containsKey(p[0])) {
          throw new IllegalArgumentException("family declared twice: " + p[0]);
        }
        current = p[0];
        currentSamples = new ArrayList<>();
        families.put(current, new Family(current, p[1], help.get(current), currentSamples));
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Sample s = parseSample(line, lineNo);
      if (current == null || !s.name().startsWith(current)) {
        throw new IllegalArgumentException("line " + lineNo + ": sample outside its family: " + line);
      }
      for (Sample other : currentSamples) {
        if (other.name().equals(s.name()) && other.labels().equals(s.labels())) {
          throw new IllegalArgumentException("line " + lineNo + ": duplicate series: " + line);
        }
      }
      currentSamples.add(s);
    }
    // help lines that came before the TYPE line were looked up when the TYPE arrived; re-attach
    // any that came after (OpenMetrics allows either order)
    Map<String, Family> out = new LinkedHashMap<>();
    families.forEach((n, f) -> out.put(n, new Family(n, f.type(), help.get(n), List.copyOf(f.samples()))));
    return out;
  }

  private static Sample parseSample(String line, int lineNo) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0 || line.charAt(eq + 1) != '"') {
          throw bad(lineNo, line);
        }
        String key = line.substring(i, eq);
        StringBuilder v = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char n = line.charAt(++j);
            v.append(n == 'n' ? '\n' : n);
          } else {
            v.append(c);
          }
        }
        if (labels.put(key, v.toString()) != null) {
          throw new IllegalArgumentException("line " + lineNo + ": label repeated: " + line);
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).trim().split(" ");
    if (rest.length < 1 || rest.length > 2) {
      throw bad(lineNo, line);
    }
    return new Sample(name, Map.copyOf(labels), parseValue(rest[0]));
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  private static String unescapeHelp(String s) {
    return s.replace("\\n", "\n").replace("\\\\", "\\");
  }

  private static IllegalArgumentException bad(int lineNo, String line) {
    return new IllegalArgumentException("line " + lineNo + ": malformed: " + line);
  }
}
