package dev.pgvitals.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A PostgreSQL role that can log in, as the leader reports it.
 *
 * @param name role name
 * @param superuser whether it is a superuser
 * @param databases the non-template databases it may {@code CONNECT} to, in the order shown
 */
public record UserInfo(String name, boolean superuser, List<String> databases) {

  public UserInfo {
    Objects.requireNonNull(name, "name");
    databases = List.copyOf(databases);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("superuser", superuser)
        .put("databases", new JsonArray(new ArrayList<>(databases)));
  }

  /** Encodes {@code {"users": [...]}}. */
  public static JsonObject toJson(List<UserInfo> users) {
    JsonArray array = new JsonArray();
    users.forEach(u -> array.add(u.toJson()));
    return new JsonObject().put("users", array);
  }

  /** Parses {@code {"users": [...]}}; throws {@link ReportFormatException} with one line. */
  public static List<UserInfo> parseList(String text) {
    JsonObject json = JsonFields.parseObject(text, "user list");
    try {
      return new JsonFields(json, "")
          .objects(
              "users",
              false,
              (f, i) ->
                  new UserInfo(
                      f.requiredString("name"),
                      f.requiredBoolean("superuser"),
                      f.strings("databases", false)));
    } catch (ReportFormatException e) {
      throw new ReportFormatException("user list: " + e.getMessage());
    }
  }
}
