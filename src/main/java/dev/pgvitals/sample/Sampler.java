package dev.pgvitals.sample;

import io.vertx.core.Future;

/**
 * A source of readings, and the only kind of code in pgvitals that does I/O.
 *
 * <p>{@link #sample()} is called by {@link SamplerVerticle} on the sampler's own timer, never twice
 * at once, under a deadline. It must not block the calling event loop: blocking reads go through
 * {@code vertx.executeBlocking}. A failed future (or a thrown exception) becomes a {@link
 * Sample#failed failed sample}; it never stops the loop.
 */
public interface Sampler<T> {

  /** Short stable name used in logs and in the {@code sampler} label, e.g. {@code host}. */
  String name();

  /** Takes one reading. */
  Future<T> sample();
}
