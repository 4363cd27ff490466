package dev.pgvitals.postgres;

import dev.pgvitals.sample.ErrorSummary;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One-line failure reasons of the PostgreSQL samplers. The driver's own messages are kept (they
 * never contain the password: PostgreSQL's error texts don't, and connect errors name only the
 * address); the pool's terse ones are spelled out for operators.
 */
final class PgErrorText {

  private PgErrorText() {}

  static String of(Throwable e, Duration attemptTimeout) {
    if (e instanceof TimeoutException) {
      return "no answer within " + attemptTimeout.toMillis() + " ms";
    }
    String m = ErrorSummary.of(e);
    if (m.equals("Timeout")) {
      return "no connection within the connect timeout (server not answering)";
    }
    if (m.startsWith("Connection pool reached max wait queue size")) {
      return "earlier attempts are still hanging (server not answering)";
    }
    return m;
  }
}
