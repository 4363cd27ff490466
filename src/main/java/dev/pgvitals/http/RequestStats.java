package dev.pgvitals.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests refused with a 4xx, by status code (a small fixed set: the codes the agent sends). */
final class RequestStats {

  private final Map<Integer, LongAdder> rejected = new ConcurrentHashMap<>();

  void rejected(int status) {
    rejected.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  /** Status code to count, in code order. */
  Map<Integer, Long> rejected() {
    Map<Integer, Long> out = new TreeMap<>();
    rejected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
