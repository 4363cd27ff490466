package dev.pgvitals.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of unexpected HTTP-side errors that cannot fill a disk: one line per error (the stack
 * trace only at DEBUG), each distinct error (where, and the exception's class) at most once per
 * {@link #WINDOW}, the next line saying how many were suppressed meanwhile. Every error counts in
 * {@code pgvitals_http_errors_total}, logged or not. At most {@link #MAX_KEYS} distinct errors are
 * remembered; beyond that the oldest is forgotten (it may then log once more).
 */
final class ErrorLog {

  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_KEYS = 256;

  private static final Logger LOG = LoggerFactory.getLogger("dev.pgvitals.http");

  private static final class Seen {
    long loggedAtNanos;
    long suppressed;
  }

  private final LongSupplier nanos;
  private final Map<String, Seen> seen =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
          return size() > MAX_KEYS;
        }
      };
  private final AtomicLong total = new AtomicLong();
  private final Logger log;

  ErrorLog(LongSupplier nanos) {
    this(nanos, LOG);
  }

  ErrorLog(LongSupplier nanos, Logger log) {
    this.nanos = nanos;
    this.log = log;
  }

  /**
   * Records an error.
   *
   * @param where what failed, from a fixed set (a route path, "connection"): never raw request
   *     data, which could make every error distinct
   * @return true when a line was logged
   */
  boolean error(String where, Throwable e) {
    total.incrementAndGet();
    return log(where, e, false);
  }

  /**
   * Records a fault of a client or of the network (a reset connection, a failed TLS handshake, a
   * request Netty cannot decode, which is answered with a 4xx anyway): at DEBUG, rate-limited the
   * same way, and not counted as an error.
   */
  boolean clientFault(String where, Throwable e) {
    return log.isDebugEnabled() && log(where, e, true);
  }

  private boolean log(String where, Throwable e, boolean debug) {
    String key = (debug ? "debug " : "") + where + " " + e.getClass().getName();
    long now = nanos.getAsLong();
    long suppressed;
    synchronized (seen) {
      Seen s = seen.get(key);
      if (s != null && now - s.loggedAtNanos < WINDOW.toNanos()) {
        s.suppressed++;
        return false;
      }
      if (s == null) {
        s = new Seen();
        seen.put(key, s);
      }
      suppressed = s.suppressed;
      s.suppressed = 0;
      s.loggedAtNanos = now;
    }
    String more =
        suppressed > 0 ? " (" + suppressed + " more like it in the last minute not logged)" : "";
    if (debug) {
      log.debug("{} failed: {}{}", where, oneLine(e), more);
      return true;
    }
    log.warn("{} failed: {}{}", where, oneLine(e), more);
    if (log.isDebugEnabled()) {
      log.debug(where + " failed", e);
    }
    return true;
  }

  /** Every error recorded, logged or not. */
  long total() {
    return total.get();
  }

  /** {@code Class: first line of the message}, with no control characters. */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = e.getClass().getSimpleName();
    if (m != null && !m.isBlank()) {
      String first = m.lines().findFirst().orElse("");
      text += ": " + (first.length() > 200 ? first.substring(0, 200) + "…" : first);
    }
    return printable(text);
  }

  /** Replaces control characters so a line stays one line. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.toString();
  }
}
