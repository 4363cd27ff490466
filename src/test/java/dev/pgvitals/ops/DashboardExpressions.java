package dev.pgvitals.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Extracts every PromQL expression of the Grafana dashboards in {@code dashboards/}, with the
 * template variables substituted, ready to send to a real Prometheus ({@code /api/v1/query}).
 *
 * <pre>{@code
 * Map<String, String> vars = Map.of(
 *         "instance", DashboardExpressions.regexValue(List.of("127.0.0.1:5501", "127.0.0.1:5502")),
 *         "datname", ".+");
 * for (PanelQuery q : DashboardExpressions.panelQueries(RepoFiles.resolve("dashboards"), vars)) {
 *     // GET /api/v1/query?query=q.expr() ... expect data for q.panelTitle()
 * }
 * }</pre>
 *
 * <p>Variables are written {@code $name}, {@code ${name}}, {@code ${name:format}} or {@code
 * [[name]]}. Grafana's interval variables get {@link #BUILT_IN_DEFAULTS}; the caller supplies the
 * dashboard's own ({@code instance}, {@code datname}, ...). A variable left without a value is an
 * error, so a new dashboard variable cannot slip through untested. Hidden targets ({@code "hide":
 * true}) are left out, as Grafana does not run them.
 */
public final class DashboardExpressions {

  /**
   * One query of one panel. {@code rawExpr} is the text in the JSON, {@code expr} the substituted
   * one.
   */
  public record PanelQuery(
      String file,
      String uid,
      long panelId,
      String panelTitle,
      String refId,
      String rawExpr,
      String expr,
      boolean instant) {
    @Override
    public String toString() {
      return file + " panel " + panelId + " \"" + panelTitle + "\" " + refId + ": " + expr;
    }
  }

  /** A query variable ({@code label_values(...)}), substituted like panel expressions. */
  public record VariableQuery(String file, String uid, String name, String rawQuery, String query) {

    private static final Pattern LABEL_VALUES =
        Pattern.compile(
            "^\\s*label_values\\s*\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern LABEL_VALUES_NO_SELECTOR =
        Pattern.compile("^\\s*label_values\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");

    /**
     * For {@code label_values(selector, label)}: the series selector, for {@code
     * /api/v1/series?match[]=}.
     */
    public Optional<String> seriesSelector() {
      Matcher m = LABEL_VALUES.matcher(query);
      return m.matches() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    /** The label whose values the variable offers. */
    public String label() {
      Matcher m = LABEL_VALUES.matcher(query);
      if (m.matches()) {
        return m.group(2);
      }
      Matcher bare = LABEL_VALUES_NO_SELECTOR.matcher(query);
      if (bare.matches()) {
        return bare.group(1);
      }
      throw new IllegalStateException("not a label_values() query: " + query);
    }
  }

  /** Values of Grafana's built-in interval variables: a 15 s scrape interval, a 1 h range. */
  public static final Map<String, String> BUILT_IN_DEFAULTS =
      Map.of(
          "__rate_interval", "1m",
          "__interval", "15s",
          "__interval_ms", "15000",
          "__range", "1h",
          "__range_s", "3600",
          "__range_ms", "3600000",
          "datasource", "prometheus");

  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}|\\[\\[([A-Za-z0-9_]+)(?::[^]]*)?]]|\\$([A-Za-z0-9_]+)");

  private DashboardExpressions() {}

  /** The dashboard files of a directory ({@code *.json}, not recursive), sorted by name. */
  public static List<Path> dashboardFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject read(Path dashboard) {
    try {
      return new JsonObject(Files.readString(dashboard));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel of a dashboard, including those nested in (collapsed) rows, in document order. */
  public static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> out = new ArrayList<>();
    collectPanels(dashboard.getJsonArray("panels", new JsonArray()), out);
    return out;
  }

  private static void collectPanels(JsonArray panels, List<JsonObject> out) {
    for (int i = 0; i < panels.size(); i++) {
      JsonObject panel = panels.getJsonObject(i);
      out.add(panel);
      collectPanels(panel.getJsonArray("panels", new JsonArray()), out);
    }
  }

  /** The substituted panel queries of every dashboard in {@code dir}. */
  public static List<PanelQuery> panelQueries(Path dir, Map<String, String> values) {
    List<PanelQuery> out = new ArrayList<>();
    for (Path file : dashboardFiles(dir)) {
      out.addAll(panelQueriesOf(file, values));
    }
    return out;
  }

  /** The substituted panel queries of one dashboard file. */
  public static List<PanelQuery> panelQueriesOf(Path file, Map<String, String> values) {
    JsonObject dashboard = read(file);
    Map<String, String> all = withDefaults(values);
    String name = file.getFileName().toString();
    String uid = dashboard.getString("uid");
    List<PanelQuery> out = new ArrayList<>();
    for (JsonObject panel : panels(dashboard)) {
      JsonArray targets = panel.getJsonArray("targets", new JsonArray());
      for (int i = 0; i < targets.size(); i++) {
        JsonObject target = targets.getJsonObject(i);
        String raw = target.getString("expr");
        if (raw == null || raw.isBlank() || target.getBoolean("hide", false)) {
          continue;
        }
        String where = name + " panel " + panel.getValue("id") + " " + target.getString("refId");
        out.add(
            new PanelQuery(
                name,
                uid,
                panel.getLong("id", -1L),
                panel.getString("title", ""),
                target.getString("refId", ""),
                raw,
                substitute(raw, all, where),
                target.getBoolean("instant", false)));
      }
    }
    return out;
  }

  /** The substituted query variables of one dashboard file. */
  public static List<VariableQuery> variableQueriesOf(Path file, Map<String, String> values) {
    JsonObject dashboard = read(file);
    Map<String, String> all = withDefaults(values);
    String name = file.getFileName().toString();
    List<VariableQuery> out = new ArrayList<>();
    for (JsonObject variable : variables(dashboard)) {
      if (!"query".equals(variable.getString("type"))) {
        continue;
      }
      Object q = variable.getValue("query");
      String raw = q instanceof JsonObject o ? o.getString("query") : String.valueOf(q);
      out.add(
          new VariableQuery(
              name,
              dashboard.getString("uid"),
              variable.getString("name"),
              raw,
              substitute(raw, all, name + " variable " + variable.getString("name"))));
    }
    return out;
  }

  public static List<JsonObject> variables(JsonObject dashboard) {
    JsonArray list =
        dashboard
            .getJsonObject("templating", new JsonObject())
            .getJsonArray("list", new JsonArray());
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(list.getJsonObject(i));
    }
    return out;
  }

  /**
   * Replaces every template variable of {@code text} by its value.
   *
   * @throws IllegalArgumentException naming the variables that have no value
   */
  public static String substitute(String text, Map<String, String> values) {
    return substitute(text, withDefaults(values), "expression");
  }

  private static String substitute(String text, Map<String, String> values, String where) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    TreeSet<String> missing = new TreeSet<>();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.get(name);
      if (value == null) {
        missing.add(name);
        m.appendReplacement(out, "");
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + ": no value for template variable(s) "
              + missing.stream().map(v -> "$" + v).collect(Collectors.joining(", "))
              + " in: "
              + text);
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The value Grafana gives a multi-value variable inside a regex matcher ({@code =~"$instance"}):
   * the values with regex metacharacters escaped, joined by {@code |}, and escaped once more for
   * the PromQL string they are pasted into.
   */
  public static String regexValue(Collection<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a template variable needs at least one value");
    }
    return values.stream().map(DashboardExpressions::escapeRegex).collect(Collectors.joining("|"));
  }

  private static String escapeRegex(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append("\\\\"); // a regex backslash, written as \\ inside the PromQL string
      }
      out.append(c);
    }
    return out.toString();
  }

  private static Map<String, String> withDefaults(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(BUILT_IN_DEFAULTS);
    all.putAll(values);
    return all;
  }
}
