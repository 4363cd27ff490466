package dev.pgvitals.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 and of OpenMetrics text, for
 * tests: families with their TYPE and HELP, and every sample with its labels. Anything malformed
 * throws (a bad line, a sample outside its family, a family declared twice, two series with equal
 * labels), so a test that parses a scrape also proves the scrape is valid exposition.
 */
public final class Exposition {

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.get(key);
    }
  }

  /** One family: the name of its TYPE line, the type, the help and its samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {
    /** The samples whose labels include all the given key/value pairs. */
    public List<Sample> where(String... keyValues) {
      List<Sample> out = new ArrayList<>();
      outer:
      for (Sample s : samples) {
        for (int i = 0; i < keyValues.length; i += 2) {
          if (!keyValues[i + 1].equals(s.labels().get(keyValues[i]))) {
            continue outer;
          }
        }
        out.add(s);
      }
      return out;
    }

    public java.util.Optional<Sample> find(String... keyValues) {
      return where(keyValues).stream().findFirst();
    }

    public double value(String... keyValues) {
      List<Sample> s = where(keyValues);
      if (s.size() != 1) {
        throw new AssertionError(name + " has " + s.size() + " samples for " + List.of(keyValues));
      }
      return s.get(0).value();
    }
  }

  private final Map<String, Family> families;

  private Exposition(Map<String, Family> families) {
    this.families = families;
  }

  public Map<String, Family> families() {
    return families;
  }

  public Family family(String name) {
    Family f = families.get(name);
    if (f == null) {
      throw new AssertionError("no family " + name + " in exposition; have " + families.keySet());
    }
    return f;
  }

  public boolean has(String name) {
    return families.containsKey(name);
  }

  public static Exposition parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> help = new LinkedHashMap<>();
    Family current = null;
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty() || line.equals("# EOF")) {
        continue;
      }
      try {
        if (line.startsWith("# HELP ")) {
          String[] p = line.substring(7).split(" ", 2);
          help.put(p[0], p.length > 1 ? p[1] : "");
        } else if (line.startsWith("# TYPE ")) {
          String[] p = line.substring(7).split(" ");
          if (p.length != 2
              || !List.of(
                      "counter",
                      "gauge",
                      "untyped",
                      "unknown",
                      "summary",
                      "histogram",
                      "info",
                      "stateset",
                      "gaugehistogram")
                  .contains(p[1])) {
            throw new IllegalArgumentException("bad TYPE line");
          }
          if (families.containsKey(p[0])) {
            throw new IllegalArgumentException("family " + p[0] + " declared twice");
          }
          current = new Family(p[0], p[1], help.get(p[0]), new ArrayList<>());
          families.put(p[0], current);
        } else if (line.startsWith("#")) {
          continue;
        } else {
          Sample s = sample(line);
          if (current == null || !belongs(s.name(), current)) {
            throw new IllegalArgumentException("sample " + s.name() + " outside its family");
          }
          for (Sample other : current.samples()) {
            if (other.name().equals(s.name()) && other.labels().equals(s.labels())) {
              throw new IllegalArgumentException("duplicate series " + s.name() + s.labels());
            }
          }
          current.samples().add(s);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": " + e.getMessage() + ": " + line, e);
      }
    }
    // OpenMetrics may put HELP after TYPE: attach help seen anywhere
    Map<String, Family> out = new LinkedHashMap<>();
    families.forEach((n, f) -> out.put(n, new Family(n, f.type(), help.get(n), f.samples())));
    return new Exposition(out);
  }

  private static boolean belongs(String sample, Family f) {
    if (sample.equals(f.name())) {
      return true;
    }
    if (f.type().equals("counter")) {
      // OpenMetrics names the family without _total and its samples with _total / _created
      return sample.equals(f.name() + "_total") || sample.equals(f.name() + "_created");
    }
    for (String suffix : List.of("_sum", "_count", "_bucket", "_created", "_gcount", "_gsum")) {
      if (sample.equals(f.name() + suffix) && !f.type().equals("gauge")) {
        return true;
      }
    }
    return false;
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad metric name '" + name + "'");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq);
        if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
          throw new IllegalArgumentException("bad label name '" + key + "'");
        }
        if (line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("label value not quoted");
        }
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
          throw new IllegalArgumentException("label " + key + " twice");
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException("no value");
    }
    String[] rest = line.substring(i + 1).split(" ");
    if (rest.length > 3) {
      throw new IllegalArgumentException("trailing text");
    }
    double value =
        switch (rest[0]) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(rest[0]);
        };
    return new Sample(name, labels, value);
  }
}
