package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventRingTest {

  @Test
  void keepsTheNewestItemsNewestLast() {
    EventRing<String> ring = new EventRing<>(3);
    for (String s : List.of("a", "b", "c", "d", "e")) {
      ring.add(s);
    }
    assertThat(ring.snapshot()).containsExactly("c", "d", "e");
  }

  @Test
  void snapshotIsACopy() {
    EventRing<String> ring = new EventRing<>(2);
    ring.add("a");
    List<String> before = ring.snapshot();
    ring.add("b");
    assertThat(before).containsExactly("a");
  }

  @Test
  void rejectsZeroCapacityAndNullItems() {
    assertThatThrownBy(() -> new EventRing<>(0)).hasMessage("capacity must be at least 1, was 0");
    assertThatThrownBy(() -> new EventRing<String>(1).add(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrentWritersNeverExceedCapacityNorLoseOrder() throws Exception {
    EventRing<Integer> ring = new EventRing<>(100);
    int threads = 4;
    int perThread = 10_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  ring.add(base + i);
                }
              });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    List<Integer> items = ring.snapshot();
    assertThat(items).hasSize(100);
    // Each writer's items appear in the order it wrote them.
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      List<Integer> mine = items.stream().filter(i -> i >= base && i < base + perThread).toList();
      assertThat(mine).isSorted();
    }
  }
}
