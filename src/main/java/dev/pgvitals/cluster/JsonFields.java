package dev.pgvitals.cluster;

import dev.pgvitals.sample.ErrorSummary;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Typed, path-aware reads from a {@link JsonObject}: every failure is a {@link
 * ReportFormatException} whose one-line message names the field ({@code checks[2].output}). Unknown
 * fields are ignored.
 */
final class JsonFields {
  private final JsonObject json;
  private final String path;

  JsonFields(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  /** Parses a whole document; malformed JSON or a non-object gives a one-line error. */
  static JsonObject parseObject(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new ReportFormatException(what + ": empty document");
    }
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ReportFormatException(
          what + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (!(value instanceof JsonObject object)) {
      throw new ReportFormatException(what + ": expected a JSON object");
    }
    return object;
  }

  static String firstLine(String s) {
    return s == null ? "no detail" : withoutDecodePrefix(ErrorSummary.firstLine(s));
  }

  /** A JSON decoder's one-line message without its prefix and its location suffix. */
  static String withoutDecodePrefix(String line) {
    if (line.startsWith("Failed to decode:")) {
      line = line.substring("Failed to decode:".length());
    }
    // Jackson's location suffix repeats the whole source; keep the message short.
    int at = line.indexOf(" at [Source:");
    return (at < 0 ? line : line.substring(0, at)).trim();
  }

  private String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private ReportFormatException error(String key, String message) {
    return new ReportFormatException(field(key) + ": " + message);
  }

  String requiredString(String key) {
    String s = optionalString(key);
    if (s == null) {
      throw error(key, "missing");
    }
    return s;
  }

  String optionalString(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw error(key, "expected a string");
    }
    return s;
  }

  Instant requiredInstant(String key) {
    Instant t = optionalInstant(key);
    if (t == null) {
      throw error(key, "missing");
    }
    return t;
  }

  Instant optionalInstant(String key) {
    String s = optionalString(key);
    if (s == null) {
      return null;
    }
    try {
      return Rfc3339.parse(s);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  int requiredNonNegativeInt(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      throw error(key, "missing");
    }
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < 0
        || n.longValue() > Integer.MAX_VALUE) {
      throw error(key, "expected a non-negative integer");
    }
    return n.intValue();
  }

  boolean requiredBoolean(String key) {
    Object v = json.getValue(key);
    if (!(v instanceof Boolean b)) {
      throw error(key, v == null ? "missing" : "expected true or false");
    }
    return b;
  }

  <T> T parsed(String key, java.util.function.Function<String, T> parser) {
    String s = requiredString(key);
    try {
      return parser.apply(s);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  JsonFields requiredObject(String key) {
    Object v = json.getValue(key);
    if (!(v instanceof JsonObject o)) {
      throw error(key, v == null ? "missing" : "expected an object");
    }
    return new JsonFields(o, field(key));
  }

  /** A list of objects; a missing key gives the empty list when {@code optional}. */
  <T> List<T> objects(String key, boolean optional, BiFunction<JsonFields, Integer, T> reader) {
    JsonArray array = array(key, optional);
    List<T> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object v = array.getValue(i);
      String at = field(key) + "[" + i + "]";
      if (!(v instanceof JsonObject o)) {
        throw new ReportFormatException(at + ": expected an object");
      }
      out.add(reader.apply(new JsonFields(o, at), i));
    }
    return out;
  }

  /** A list of strings; a missing key gives the empty list when {@code optional}. */
  List<String> strings(String key, boolean optional) {
    JsonArray array = array(key, optional);
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw new ReportFormatException(field(key) + "[" + i + "]: expected a string");
      }
      out.add(s);
    }
    return out;
  }

  private JsonArray array(String key, boolean optional) {
    Object v = json.getValue(key);
    if (v == null) {
      if (optional) {
        return new JsonArray();
      }
      throw error(key, "missing");
    }
    if (!(v instanceof JsonArray a)) {
      throw error(key, "expected an array");
    }
    return a;
  }
}
