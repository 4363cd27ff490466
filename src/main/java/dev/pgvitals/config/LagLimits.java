package dev.pgvitals.config;

import dev.pgvitals.check.LagLimit;

/**
 * Reads {@code ?lag=}: bytes as Patroni reads them ({@link ByteSize}: a plain number is bytes,
 * {@code 16kB}, {@code 64MB}, {@code 1GB}, in any case), else time, a pgvitals extension ({@link
 * Durations#parseLenient}: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 2min}, {@code 1h}, {@code
 * 1d}). Anything else is refused with a one-line reason (Patroni silently drops a lag it cannot
 * read, which turns a typo into "no limit"; pgvitals answers 400, which a load balancer treats as
 * down).
 */
public final class LagLimits {

  private LagLimits() {}

  /**
   * @param text the parameter's value; null or blank means no limit
   * @throws IllegalArgumentException with a one-line reason
   */
  public static LagLimit parse(String text) {
    if (text == null || text.isBlank()) {
      return LagLimit.NONE;
    }
    try {
      return ByteSize.looksLikeBytes(text)
          ? LagLimit.ofBytes(ByteSize.parse(text))
          : LagLimit.ofTime(Durations.parseLenient(text));
    } catch (IllegalArgumentException e) {
      throw bad(text);
    }
  }

  private static IllegalArgumentException bad(String text) {
    String shown = text.replaceAll("\\p{Cntrl}", "?");
    if (shown.length() > 40) {
      shown = shown.substring(0, 40) + "…";
    }
    return new IllegalArgumentException(
        "bad lag '"
            + shown
            + "' (expected bytes like 1048576, 16kB, 64MB, 1GB or a duration like 500ms, 10s, 1m)");
  }
}
