package dev.pgvitals.cluster;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * Something the agent itself saw happen on its node, for {@code vm status}'s Recent Events.
 *
 * @param time when it happened
 * @param type short kind, e.g. {@code Started}, {@code Restarted}, {@code Role Changed}
 * @param message one line, e.g. {@code PostgreSQL started}
 */
public record NodeEvent(Instant time, String type, String message) {

  public NodeEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("time", Rfc3339.millis(time))
        .put("type", type)
        .put("message", message);
  }

  static NodeEvent fromJson(JsonFields json) {
    return new NodeEvent(
        json.requiredInstant("time"), json.requiredString("type"), json.requiredString("message"));
  }
}
