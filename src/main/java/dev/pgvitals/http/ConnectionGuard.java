package dev.pgvitals.http;

import io.vertx.core.http.HttpConnection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Keeps the number of open HTTP connections under {@link HttpLimits#maxConnections()} and closes
 * connections that hold the agent without asking anything of it.
 *
 * <p>Every connection is tracked from the moment Vert.x hands it over (at accept on plain HTTP,
 * after the handshake on TLS) in order of last activity. At the limit, a new connection closes the
 * connection idle longest — one between requests or one that has not finished sending its first
 * request head — so a fresh health check always gets in, however many connections a flood left
 * open; only when every connection is in the middle of a request is the new one closed instead. A
 * periodic sweep closes connections that have not sent a complete request head within the header
 * timeout after connecting (slowloris, bare connects) and keep-alive connections idle for the idle
 * timeout.
 *
 * <p>All methods but the counters run on the HTTP verticle's event loop; the counters are read by
 * {@code /metrics}.
 */
final class ConnectionGuard {

  /** Why the agent closed a connection; the {@code reason} label of the closed counter. */
  enum Reason {
    /** New connection at the limit while every open connection was busy. */
    OVER_LIMIT("over_limit"),
    /** The idlest connection, closed to make room for a new one at the limit. */
    EVICTED("evicted"),
    /** No complete request head within the header timeout of connecting. */
    HEADER_TIMEOUT("header_timeout"),
    /** No new request within the idle timeout of the last response. */
    IDLE_TIMEOUT("idle_timeout");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private static final class Tracked {
    final long openedNanos;
    long idleSinceNanos;
    int inFlight;
    long requests;

    Tracked(long now) {
      this.openedNanos = now;
      this.idleSinceNanos = now;
    }
  }

  private final HttpLimits limits;
  private final LongSupplier nanos;

  /** Oldest activity first; the event loop only. */
  private final LinkedHashMap<HttpConnection, Tracked> open = new LinkedHashMap<>(64, 0.75f, false);

  private final AtomicLongArray closed = new AtomicLongArray(Reason.values().length);
  private volatile int openCount;
  private volatile long accepted;

  ConnectionGuard(HttpLimits limits, LongSupplier nanos) {
    this.limits = limits;
    this.nanos = nanos;
  }

  /** A new connection: track it, making room or refusing it at the limit. */
  void opened(HttpConnection conn) {
    accepted++;
    if (open.size() >= limits.maxConnections() && !evictIdlest()) {
      count(Reason.OVER_LIMIT);
      conn.close();
      return;
    }
    open.put(conn, new Tracked(nanos.getAsLong()));
    openCount = open.size();
    conn.closeHandler(
        v -> {
          open.remove(conn);
          openCount = open.size();
        });
  }

  /** Closes the connection idle longest; false when every connection is busy. */
  private boolean evictIdlest() {
    for (Iterator<Map.Entry<HttpConnection, Tracked>> it = open.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<HttpConnection, Tracked> e = it.next();
      if (e.getValue().inFlight == 0) {
        it.remove();
        openCount = open.size();
        count(Reason.EVICTED);
        e.getKey().close();
        return true;
      }
    }
    return false;
  }

  /** A request head arrived on {@code conn}. */
  void requestStarted(HttpConnection conn) {
    Tracked t = open.remove(conn);
    if (t != null) {
      t.inFlight++;
      t.requests++;
      open.put(conn, t); // most recently active last
    }
  }

  /** The response to a request on {@code conn} is written (or the request was reset). */
  void requestEnded(HttpConnection conn) {
    Tracked t = open.get(conn);
    if (t != null && t.inFlight > 0) {
      t.inFlight--;
      if (t.inFlight == 0) {
        open.remove(conn);
        t.idleSinceNanos = nanos.getAsLong();
        open.put(conn, t);
      }
    }
  }

  /** Closes the connections past their header or idle timeout. */
  void sweep() {
    long now = nanos.getAsLong();
    long header = limits.headerTimeout().toNanos();
    long idle = limits.idleTimeout().toNanos();
    for (Iterator<Map.Entry<HttpConnection, Tracked>> it = open.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<HttpConnection, Tracked> e = it.next();
      Tracked t = e.getValue();
      if (t.inFlight > 0) {
        continue; // Vert.x's idle timeout ends a response nobody reads
      }
      Reason reason = null;
      if (t.requests == 0 && now - t.openedNanos >= header) {
        reason = Reason.HEADER_TIMEOUT;
      } else if (t.requests > 0 && now - t.idleSinceNanos >= idle) {
        reason = Reason.IDLE_TIMEOUT;
      }
      if (reason != null) {
        it.remove();
        count(reason);
        e.getKey().close();
      }
    }
    openCount = open.size();
  }

  /** How often to sweep: a tenth of the shorter timeout, between 50 ms and 1 s. */
  long sweepMillis() {
    long shorter = Math.min(limits.headerTimeout().toMillis(), limits.idleTimeout().toMillis());
    return Math.max(50, Math.min(1000, shorter / 10));
  }

  /** Closes every tracked connection (server stop). */
  void closeAll() {
    open.keySet().forEach(HttpConnection::close);
    open.clear();
    openCount = 0;
  }

  private void count(Reason reason) {
    closed.incrementAndGet(reason.ordinal());
  }

  int openCount() {
    return openCount;
  }

  long accepted() {
    return accepted;
  }

  long closed(Reason reason) {
    return closed.get(reason.ordinal());
  }

  HttpLimits limits() {
    return limits;
  }
}
