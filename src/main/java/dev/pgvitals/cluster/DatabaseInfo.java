package dev.pgvitals.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A non-template database and the login roles that may {@code CONNECT} to it.
 *
 * @param name database name
 * @param users role names, in the order shown
 */
public record DatabaseInfo(String name, List<String> users) {

  public DatabaseInfo {
    Objects.requireNonNull(name, "name");
    users = List.copyOf(users);
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("users", new JsonArray(new ArrayList<>(users)));
  }

  /** Encodes {@code {"databases": [...]}}. */
  public static JsonObject toJson(List<DatabaseInfo> databases) {
    JsonArray array = new JsonArray();
    databases.forEach(d -> array.add(d.toJson()));
    return new JsonObject().put("databases", array);
  }

  /** Parses {@code {"databases": [...]}}; throws {@link ReportFormatException} with one line. */
  public static List<DatabaseInfo> parseList(String text) {
    JsonObject json = JsonFields.parseObject(text, "database list");
    try {
      return new JsonFields(json, "")
          .objects(
              "databases",
              false,
              (f, i) -> new DatabaseInfo(f.requiredString("name"), f.strings("users", false)));
    } catch (ReportFormatException e) {
      throw new ReportFormatException("database list: " + e.getMessage());
    }
  }
}
