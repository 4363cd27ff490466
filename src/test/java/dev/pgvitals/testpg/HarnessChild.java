package dev.pgvitals.testpg;

import java.io.IOException;

/**
 * A separate test JVM for {@link PgClusterTeardownTest}: starts the shared cluster of the major in
 * {@code args[0]}, prints {@code DIR <temp dir>}, and exits (without closing anything itself) when
 * its stdin reaches end of file — or dies when the test kills it.
 */
public final class HarnessChild {

  private HarnessChild() {}

  public static void main(String[] args) throws IOException {
    PgCluster pg = PgClusters.shared(Integer.parseInt(args[0]));
    System.out.println("DIR " + pg.directory());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for EOF
    }
    System.exit(0);
  }
}
