package dev.pgvitals.agent;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A bounded, thread-safe buffer of the most recent items (events, log lines): adding to a full ring
 * drops the oldest. {@link #snapshot()} lists oldest first, newest last.
 */
public final class EventRing<T> {
  private final int capacity;
  private final ArrayDeque<T> items;

  public EventRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.items = new ArrayDeque<>(capacity);
  }

  public int capacity() {
    return capacity;
  }

  public synchronized void add(T item) {
    if (item == null) {
      throw new NullPointerException("item");
    }
    if (items.size() == capacity) {
      items.removeFirst();
    }
    items.addLast(item);
  }

  /** An immutable copy, oldest first, newest last. */
  public synchronized List<T> snapshot() {
    return List.copyOf(items);
  }

  public synchronized int size() {
    return items.size();
  }
}
