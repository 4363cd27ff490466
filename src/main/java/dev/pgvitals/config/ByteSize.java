package dev.pgvitals.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The one parser of byte sizes, as PostgreSQL's memory settings and Patroni's {@code ?lag=} read
 * them: a number, an optional space, and a unit {@code B}, {@code kB}, {@code MB}, {@code GB} or
 * {@code TB} (powers of 1024); a bare number is bytes. Units are also accepted in any case ({@code
 * 16mb}), so a load-balancer URL that worked never turns into a 400, and with an {@code i} ({@code
 * 10GiB}, the same power of 1024) as the size flags always took them. Fractions round to the
 * nearest byte ({@code 1.5kB} = 1536). Used for {@code ?lag=} (through {@code LagLimits}) and the
 * size flags.
 */
public final class ByteSize {

  static final String EXAMPLE = "expected bytes, or e.g. 16MB, 1kB, 1GB";

  private ByteSize() {}

  /**
   * @return the number of bytes, zero or more
   * @throws IllegalArgumentException with a one-line reason for anything else
   */
  public static long parse(String text) {
    return parse(text, "byte size");
  }

  /**
   * As {@link #parse(String)}, naming the value {@code what} in the messages for an empty or
   * non-numeric text ({@code "size"} for the size flags: "'lots' is not a size (…)").
   */
  public static long parse(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty " + what + " (" + EXAMPLE + ")");
    }
    String s = text.strip();
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    String number = s.substring(0, i);
    String unit = s.substring(i).strip();
    if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
      throw new IllegalArgumentException("'" + s + "' is not a " + what + " (" + EXAMPLE + ")");
    }
    int shift =
        switch (unit.toLowerCase(Locale.ROOT)) {
          case "", "b" -> 0;
          case "kb", "kib" -> 10;
          case "mb", "mib" -> 20;
          case "gb", "gib" -> 30;
          case "tb", "tib" -> 40;
          default ->
              throw new IllegalArgumentException(
                  "'" + s + "' has an unknown unit '" + unit + "' (units are B, kB, MB, GB, TB)");
        };
    BigDecimal bytes =
        new BigDecimal(number.startsWith(".") ? "0" + number : number)
            .multiply(BigDecimal.valueOf(1L << shift))
            .setScale(0, RoundingMode.HALF_UP);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + s + "' is too large");
    }
    return bytes.longValueExact();
  }

  /** True when {@code text} is a number without a unit or with a byte unit (not a duration). */
  public static boolean looksLikeBytes(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return s.matches("[0-9.]+\\s*(b|ki?b|mi?b|gi?b|ti?b)?");
  }
}
