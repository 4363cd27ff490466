package dev.pgvitals.cluster;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC timestamps: whole seconds for display, milliseconds in JSON. */
public final class Rfc3339 {
  private Rfc3339() {}

  /** {@code 2021-02-10T23:21:21Z}: UTC, truncated to whole seconds. */
  public static String seconds(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** {@code 2021-02-10T23:21:21.250Z} (fraction only when non-zero): UTC, truncated to millis. */
  public static String millis(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Parses an RFC 3339 timestamp with {@code Z} or a numeric offset. */
  public static Instant parse(String s) {
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an RFC 3339 timestamp: '" + s + "'");
    }
  }
}
