package dev.pgvitals.testpg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared primary + replica per PostgreSQL major per test JVM, started on first use and stopped
 * by the harness's shutdown hook. Starting a cluster costs seconds on a 2-core machine, so every
 * test class that only observes should use this.
 *
 * <p>Tests may stop/start, freeze/thaw and pause/resume nodes of a shared cluster (the next {@link
 * #shared(int)} call puts them back), but not promote: use {@link PgCluster#start(int)}.
 */
public final class PgClusters {

  private static final Map<Integer, PgCluster> SHARED = new ConcurrentHashMap<>();

  private PgClusters() {}

  /** The shared cluster of {@code major}, started if needed and restored if a test disturbed it. */
  public static PgCluster shared(int major) {
    PgCluster c;
    synchronized (PgClusters.class) {
      c = SHARED.get(major);
      if (c == null || c.isClosed()) {
        c = PgCluster.create(major, false);
        SHARED.put(major, c);
        return c;
      }
    }
    c.restoreIfDisturbed();
    return c;
  }
}
