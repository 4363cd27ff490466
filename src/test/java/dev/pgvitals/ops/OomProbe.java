package dev.pgvitals.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * Main class of a stand-in jar for {@link LauncherTest}: a worker thread allocates until the heap
 * is exhausted while the main thread waits forever — the shape of an agent whose event loop died of
 * an OutOfMemoryError. Without {@code -XX:+ExitOnOutOfMemoryError} it never exits.
 */
public final class OomProbe {

  private OomProbe() {}

  public static void main(String[] args) throws InterruptedException {
    Thread t =
        new Thread(
            () -> {
              List<long[]> hog = new ArrayList<>();
              while (true) {
                hog.add(new long[1 << 16]);
              }
            },
            "hog");
    t.setDaemon(true);
    t.start();
    System.out.println("allocating");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
