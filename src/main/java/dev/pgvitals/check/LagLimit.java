package dev.pgvitals.check;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code ?lag=} of a routing endpoint: how far behind a replica may be, in bytes of WAL or as
 * time, or no limit. Parsed by {@code config.LagLimits} (through the one byte-size and duration
 * parsers; {@code config} depends on {@code check}, not the other way round).
 */
public record LagLimit(OptionalLong bytes, Optional<Duration> time) {

  public static final LagLimit NONE = new LagLimit(OptionalLong.empty(), Optional.empty());

  public static LagLimit ofBytes(long bytes) {
    return new LagLimit(OptionalLong.of(bytes), Optional.empty());
  }

  public static LagLimit ofTime(Duration time) {
    return new LagLimit(OptionalLong.empty(), Optional.of(time));
  }

  public boolean isNone() {
    return bytes.isEmpty() && time.isEmpty();
  }
}
