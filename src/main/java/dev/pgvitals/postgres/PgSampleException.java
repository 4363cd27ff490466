package dev.pgvitals.postgres;

/** A sample failure whose message is already a safe one-line reason (no password, no stack). */
public final class PgSampleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PgSampleException(String reason) {
    super(reason == null ? "unknown error" : reason, null, false, false);
  }
}
