package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.host.HostSnapshot.PsiLine;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one Linux PSI file ({@code /proc/pressure/cpu|memory|io}):
 *
 * <pre>
 * some avg10=0.12 avg60=0.05 avg300=0.00 total=34999659
 * full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * </pre>
 *
 * The {@code some} line is required; the {@code full} line is optional (kernels before 5.13 do not
 * write one for {@code cpu}). Fields may come in any order; unknown fields and lines are ignored so
 * that a future kernel adding one does not blind the agent.
 */
public final class PsiParser {

  private PsiParser() {}

  /**
   * @throws IllegalArgumentException with a one-line reason when there is no {@code some} line or a
   *     required field is missing or not a number
   */
  public static Pressure parse(String text) {
    PsiLine some = null;
    PsiLine full = null;
    for (String raw : (text == null ? "" : text).split("\n")) {
      String line = raw.strip();
      if (line.startsWith("some ")) {
        if (some != null) {
          throw new IllegalArgumentException("malformed PSI: more than one 'some' line");
        }
        some = line(line.substring(5), "some");
      } else if (line.startsWith("full ")) {
        if (full != null) {
          throw new IllegalArgumentException("malformed PSI: more than one 'full' line");
        }
        full = line(line.substring(5), "full");
      }
    }
    if (some == null) {
      throw new IllegalArgumentException(
          "malformed PSI: no 'some' line in '"
              + LoadAvgParser.abbreviate(text == null ? "" : text.strip())
              + "'");
    }
    return new Pressure(some, Optional.ofNullable(full));
  }

  /**
   * The {@code full} total of {@code /proc/pressure/irq} (kernel 6.1+), which has no {@code some}
   * line.
   *
   * @throws IllegalArgumentException with a one-line reason when there is no valid {@code full}
   *     line
   */
  public static long irqFullTotal(String text) {
    for (String raw : (text == null ? "" : text).split("\n")) {
      String line = raw.strip();
      if (line.startsWith("full ")) {
        return line(line.substring(5), "full").totalMicros();
      }
    }
    throw new IllegalArgumentException(
        "malformed PSI: no 'full' line in '"
            + LoadAvgParser.abbreviate(text == null ? "" : text.strip())
            + "'");
  }

  private static PsiLine line(String fields, String kind) {
    Map<String, String> values = new HashMap<>();
    for (String f : fields.strip().split("\\s+")) {
      int eq = f.indexOf('=');
      if (eq > 0) {
        values.put(f.substring(0, eq), f.substring(eq + 1));
      }
    }
    return new PsiLine(
        avg(values, "avg10", kind),
        avg(values, "avg60", kind),
        avg(values, "avg300", kind),
        total(values, kind));
  }

  private static double avg(Map<String, String> values, String key, String kind) {
    String v = require(values, key, kind);
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw bad(kind, key, v);
    }
    if (!Double.isFinite(d) || d < 0 || d > 100 || v.chars().anyMatch(Character::isLetter)) {
      throw bad(kind, key, v);
    }
    return d;
  }

  private static long total(Map<String, String> values, String kind) {
    String v = require(values, "total", kind);
    try {
      long t = Long.parseLong(v);
      if (t < 0) {
        throw bad(kind, "total", v);
      }
      return t;
    } catch (NumberFormatException e) {
      throw bad(kind, "total", v);
    }
  }

  private static String require(Map<String, String> values, String key, String kind) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("malformed PSI: '" + kind + "' line has no " + key);
    }
    return v;
  }

  private static IllegalArgumentException bad(String kind, String key, String value) {
    return new IllegalArgumentException(
        "malformed PSI: '"
            + kind
            + "' "
            + key
            + "="
            + LoadAvgParser.abbreviate(value)
            + " is not valid");
  }
}
