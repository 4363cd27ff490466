package dev.pgvitals.fleet;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One series of an instant query's answer ({@code resultType} {@code vector}): its labels
 * (including {@code __name__} when the query kept it) and its value.
 */
public record PromSeries(Map<String, String> labels, double value) {

  public PromSeries {
    labels = Map.copyOf(labels);
  }

  /** The label's value, or {@code ""} when absent (PromQL's convention). */
  public String label(String name) {
    return labels.getOrDefault(name, "");
  }

  public String name() {
    return label("__name__");
  }

  /**
   * Reads the body of {@code /api/v1/query} (the Prometheus HTTP API; Thanos, Mimir and
   * VictoriaMetrics answer the same).
   *
   * @throws IllegalStateException one line: not JSON, {@code "status": "error"} with its {@code
   *     errorType} and {@code error}, or not an instant vector
   */
  public static List<PromSeries> parseVector(String body) {
    JsonObject json;
    try {
      json = new JsonObject(Objects.requireNonNull(body));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalStateException("not a JSON object");
    }
    String status = json.getValue("status") instanceof String s ? s : null;
    if (!"success".equals(status)) {
      String type = json.getValue("errorType") instanceof String t ? t : "";
      String error = json.getValue("error") instanceof String e ? e : "";
      if (status == null) {
        throw new IllegalStateException("no \"status\" in the answer");
      }
      throw new IllegalStateException(
          "query failed: "
              + (type.isEmpty() ? "" : type + ": ")
              + oneLine(error.isEmpty() ? "status " + status : error));
    }
    if (!(json.getValue("data") instanceof JsonObject data)) {
      throw new IllegalStateException("no \"data\" object in the answer");
    }
    if (!"vector".equals(data.getValue("resultType"))) {
      throw new IllegalStateException(
          "resultType " + data.getValue("resultType") + ", expected vector");
    }
    if (!(data.getValue("result") instanceof JsonArray result)) {
      throw new IllegalStateException("no \"data.result\" array in the answer");
    }
    List<PromSeries> out = new ArrayList<>(result.size());
    for (int i = 0; i < result.size(); i++) {
      out.add(series(result.getValue(i), i));
    }
    return out;
  }

  private static PromSeries series(Object item, int i) {
    String where = "data.result[" + i + "]";
    if (!(item instanceof JsonObject s)
        || !(s.getValue("metric") instanceof JsonObject metric)
        || !(s.getValue("value") instanceof JsonArray value)
        || value.size() != 2) {
      throw new IllegalStateException(
          where + ": expected {\"metric\": {...}, \"value\": [time, \"number\"]}");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : metric) {
      if (!(e.getValue() instanceof String v)) {
        throw new IllegalStateException(where + ".metric." + e.getKey() + ": not a string");
      }
      labels.put(e.getKey(), v);
    }
    Object v = value.getValue(1);
    double number;
    try {
      number = v instanceof String text ? parseValue(text) : ((Number) v).doubleValue();
    } catch (RuntimeException e) {
      throw new IllegalStateException(where + ".value: not a number");
    }
    return new PromSeries(labels, number);
  }

  /** Prometheus writes values as strings, with {@code NaN}, {@code +Inf} and {@code -Inf}. */
  private static double parseValue(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private static String oneLine(String s) {
    String line = s.lines().findFirst().orElse(s).strip();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
