package dev.pgvitals.sample;

/**
 * The one way pgvitals turns an error into the one line it shows: a failed sample's reason, a CLI
 * error, a client's reason for an unreachable node. The first line of the message, stripped; the
 * exception's type when it has no message. Never a stack trace.
 */
public final class ErrorSummary {

  private ErrorSummary() {}

  /**
   * The first line of {@code t}'s message, or its type's simple name; {@code no result} for null.
   */
  public static String of(Throwable t) {
    if (t == null) {
      return "no result";
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return firstLine(m);
  }

  /** The first line of {@code text}, stripped; {@code ""} for null. */
  public static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    int cr = text.indexOf('\r');
    int end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
    return (end >= 0 ? text.substring(0, end) : text).strip();
  }
}
