package dev.pgvitals.sample;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The most recent {@link Sample} of one sampler, readable from any thread without waiting. Checks,
 * metrics and renderers read from here; only the sampler's loop writes.
 */
public final class LatestSample<T> {

  private final String sampler;
  private final AtomicReference<Sample<T>> latest = new AtomicReference<>();
  private final List<Consumer<Sample<T>>> listeners = new CopyOnWriteArrayList<>();

  public LatestSample(String sampler) {
    this.sampler = sampler;
  }

  public String sampler() {
    return sampler;
  }

  /** The latest sample, empty until the first one has finished. */
  public Optional<Sample<T>> get() {
    return Optional.ofNullable(latest.get());
  }

  /** The latest value, empty before the first sample or when the latest sample failed. */
  public Optional<T> value() {
    Sample<T> s = latest.get();
    return s == null || !s.ok() ? Optional.empty() : Optional.of(s.value());
  }

  public void set(Sample<T> sample) {
    latest.set(sample);
    for (Consumer<Sample<T>> l : listeners) {
      l.accept(sample);
    }
  }

  /** Called (on the sampler's context) after every new sample. */
  public void onSample(Consumer<Sample<T>> listener) {
    listeners.add(listener);
  }
}
