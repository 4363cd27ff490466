package dev.pgvitals.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the sizes of flags and environment variables: {@code 512MB}, {@code 10GB}, {@code 1.5TB},
 * {@code 4096} (bytes); units are powers of 1024 as PostgreSQL's settings use them ({@code kB},
 * {@code MB}, {@code GB}, {@code TB}; case-insensitive, an {@code i} as in {@code GiB} is allowed).
 */
public final class ByteSizes {

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?");

  private ByteSizes() {}

  /** @throws IllegalArgumentException with a one-line reason for anything else or a negative size */
  public static long parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty size (expected e.g. 512MB, 10GB)");
    }
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size (expected e.g. 512MB, 10GB)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).replace("i", "");
    int shift = switch (unit) {
      case "kb" -> 10;
      case "mb" -> 20;
      case "gb" -> 30;
      case "tb" -> 40;
      default -> 0;
    };
    double bytes = n * Math.pow(2, shift);
    if (bytes > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    return Math.round(bytes);
  }
}
