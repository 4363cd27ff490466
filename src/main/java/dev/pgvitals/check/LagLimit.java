package dev.pgvitals.check;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ?lag=} of a routing endpoint: how far behind a replica may be, in bytes of WAL or
 * as time, or no limit.
 *
 * <p>Bytes as Patroni reads them: a plain number is bytes; {@code B}, {@code kB}, {@code MB},
 * {@code GB}, {@code TB} are powers of 1024 (PostgreSQL's units). pgvitals also accepts them in
 * any case ({@code 16mb}). Time (a pgvitals extension; Patroni's lag is bytes only):
 * {@code us}, {@code ms}, {@code s}, {@code m} or {@code min}, {@code h}, {@code d}. Fractions are
 * allowed ({@code 1.5MB}, {@code 0.5s}); a space between number and unit too. Anything else is
 * refused with a one-line reason (Patroni silently drops a lag it cannot read, which turns a typo
 * into "no limit"; pgvitals answers 400, which a load balancer treats as down).
 */
public record LagLimit(OptionalLong bytes, Optional<Duration> time) {

  public static final LagLimit NONE = new LagLimit(OptionalLong.empty(), Optional.empty());

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zµ]*)");

  public static LagLimit ofBytes(long bytes) {
    return new LagLimit(OptionalLong.of(bytes), Optional.empty());
  }

  public static LagLimit ofTime(Duration time) {
    return new LagLimit(OptionalLong.empty(), Optional.of(time));
  }

  public boolean isNone() {
    return bytes.isEmpty() && time.isEmpty();
  }

  /**
   * @param text the parameter's value; null or blank means no limit
   * @throws IllegalArgumentException with a one-line reason
   */
  public static LagLimit parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw bad(text);
    }
    double n = Double.parseDouble(m.group(1));
    double bytes = switch (m.group(2)) {
      case "", "b" -> n;
      case "kb" -> n * 1024;
      case "mb" -> n * 1024 * 1024;
      case "gb" -> n * 1024 * 1024 * 1024;
      case "tb" -> n * 1024 * 1024 * 1024 * 1024;
      default -> -1;
    };
    if (bytes >= 0) {
      if (bytes > Long.MAX_VALUE) {
        throw bad(text);
      }
      return ofBytes(Math.round(bytes));
    }
    double nanos = switch (m.group(2)) {
      case "us", "µs" -> n * 1e3;
      case "ms" -> n * 1e6;
      case "s" -> n * 1e9;
      case "m", "min" -> n * 60e9;
      case "h" -> n * 3600e9;
      case "d" -> n * 86400e9;
      default -> throw bad(text);
    };
    if (nanos > Long.MAX_VALUE) {
      throw bad(text);
    }
    return ofTime(Duration.ofNanos(Math.round(nanos)));
  }

  private static IllegalArgumentException bad(String text) {
    String shown = text.replaceAll("\\p{Cntrl}", "?");
    if (shown.length() > 40) {
      shown = shown.substring(0, 40) + "…";
    }
    return new IllegalArgumentException("bad lag '" + shown
        + "' (expected bytes like 1048576, 16kB, 64MB, 1GB or a duration like 500ms, 10s, 1m)");
  }
}
