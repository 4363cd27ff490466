package dev.pgvitals.cluster;

/**
 * A JSON document that is not a valid node report (or users/databases list). The message is one
 * line naming the offending field, e.g. {@code checks[1].status: unknown check status 'ok' ...}.
 */
public final class ReportFormatException extends IllegalArgumentException {
  public ReportFormatException(String message) {
    super(message);
  }
}
