package dev.pgvitals.cluster;

import dev.pgvitals.check.CheckFormat;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One suite's latest result as a node reports it.
 *
 * @param name {@code vm}, {@code pg} or {@code role}
 * @param status passing or critical
 * @param output the suite's text output, lines separated by {@code \n} (a trailing newline is
 *     allowed and ignored by the views)
 * @param changed when the status or output last changed
 * @param type how the platform would run it (TYPE column)
 */
public record CheckReport(
    String name, CheckStatus status, String output, Instant changed, CheckType type) {

  public CheckReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(changed, "changed");
    Objects.requireNonNull(type, "type");
  }

  /** {@code SCRIPT} for the seed format, {@code HTTP} for the framework format. */
  public static CheckType defaultType(CheckFormat format) {
    return format == CheckFormat.SEED ? CheckType.SCRIPT : CheckType.HTTP;
  }

  public boolean passing() {
    return status == CheckStatus.PASSING;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("status", status.label())
        .put("output", output)
        .put("changed", Rfc3339.millis(changed))
        .put("type", type.name());
  }

  static CheckReport fromJson(JsonFields json) {
    return new CheckReport(
        json.requiredString("name"),
        json.parsed("status", CheckStatus::parse),
        json.requiredString("output"),
        json.requiredInstant("changed"),
        json.parsed("type", CheckType::parse));
  }
}
