package dev.pgvitals.gofmt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Number and duration texts exactly as the reference agent (written in Go) prints them. Pure
 * functions, no locale: every output uses {@code .} as decimal separator.
 *
 * <ul>
 *   <li>{@link #duration(long)}: Go's {@code time.Duration.String()}, e.g. {@code 246µs}, {@code
 *       4m59.97s}, {@code 1h0m5s};
 *   <li>{@link #roundCheckDuration(long)}: the reference's rounding of check timings and PSI
 *       durations to two decimals of their unit;
 *   <li>{@link #size(long)}: byte sizes such as {@code 20.53 GB};
 *   <li>{@link #fixed(double, int)}: Go's {@code %.Nf}, rounding the exact binary value half to
 *       even.
 * </ul>
 */
public final class GoFormat {

  public static final long NANOSECOND = 1L;
  public static final long MICROSECOND = 1_000L;
  public static final long MILLISECOND = 1_000_000L;
  public static final long SECOND = 1_000_000_000L;

  private static final String[] SIZE_UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

  private GoFormat() {}

  /**
   * Go's {@code time.Duration(nanos).String()}: {@code 0s}, {@code 83ns}, {@code 1.1µs} (U+00B5),
   * {@code 6.93ms}, {@code 1.5s}, {@code 1m1s}, {@code 1h0m5s}; negative values get a leading
   * {@code -}. Below one second the largest unit below a second is used with a fraction; from one
   * second on the form is {@code [Nh][Nm]N[.fff]s} with hours and minutes printed once larger ones
   * are present.
   */
  public static String duration(long nanos) {
    char[] buf = new char[32];
    int w = buf.length;
    boolean neg = nanos < 0;
    long u = neg ? -nanos : nanos; // Long.MIN_VALUE stays itself: read as unsigned it is 2^63
    if (Long.compareUnsigned(u, SECOND) < 0) {
      int prec;
      buf[--w] = 's';
      w--;
      if (u == 0) {
        buf[w] = '0';
        return new String(buf, w, buf.length - w);
      } else if (u < MICROSECOND) {
        prec = 0;
        buf[w] = 'n';
      } else if (u < MILLISECOND) {
        prec = 3;
        buf[w] = '\u00B5';
      } else {
        prec = 6;
        buf[w] = 'm';
      }
      long[] wv = fmtFrac(buf, w, u, prec);
      w = fmtInt(buf, (int) wv[0], wv[1]);
    } else {
      buf[--w] = 's';
      long[] wv = fmtFrac(buf, w, u, 9);
      w = (int) wv[0];
      u = wv[1]; // whole seconds, unsigned
      w = fmtInt(buf, w, Long.remainderUnsigned(u, 60));
      u = Long.divideUnsigned(u, 60);
      if (u > 0) {
        buf[--w] = 'm';
        w = fmtInt(buf, w, u % 60);
        u /= 60;
        if (u > 0) {
          buf[--w] = 'h';
          w = fmtInt(buf, w, u);
        }
      }
    }
    if (neg) {
      buf[--w] = '-';
    }
    return new String(buf, w, buf.length - w);
  }

  /** {@link #duration(long)} of a {@link Duration}; values beyond ±292 years saturate like Go's. */
  public static String duration(Duration d) {
    return duration(saturatedNanos(d));
  }

  /**
   * Writes the fraction of {@code v / 10^prec} (e.g. {@code .12345}) ending before {@code w},
   * without trailing zeros and without the point when the fraction is zero. Returns the new write
   * position and {@code v / 10^prec} (unsigned).
   */
  private static long[] fmtFrac(char[] buf, int w, long v, int prec) {
    boolean print = false;
    for (int i = 0; i < prec; i++) {
      int digit = (int) Long.remainderUnsigned(v, 10);
      print = print || digit != 0;
      if (print) {
        buf[--w] = (char) ('0' + digit);
      }
      v = Long.divideUnsigned(v, 10);
    }
    if (print) {
      buf[--w] = '.';
    }
    return new long[] {w, v};
  }

  /** Writes the unsigned decimal {@code v} ending before {@code w}; returns the new position. */
  private static int fmtInt(char[] buf, int w, long v) {
    if (v == 0) {
      buf[--w] = '0';
    } else {
      while (v != 0) {
        buf[--w] = (char) ('0' + Long.remainderUnsigned(v, 10));
        v = Long.divideUnsigned(v, 10);
      }
    }
    return w;
  }

  /**
   * Go's {@code time.Duration.Round(m)}: {@code d} rounded to the nearest multiple of {@code m},
   * halfway values away from zero; saturates at the extremes; {@code m <= 0} returns {@code d}.
   */
  public static long round(long d, long m) {
    if (m <= 0) {
      return d;
    }
    long r = d % m;
    if (d < 0) {
      r = -r;
      if (lessThanHalf(r, m)) {
        return d + r;
      }
      long d1 = d - m + r;
      return d1 < d ? d1 : Long.MIN_VALUE;
    }
    if (lessThanHalf(r, m)) {
      return d - r;
    }
    long d1 = d + m - r;
    return d1 > d ? d1 : Long.MAX_VALUE;
  }

  private static boolean lessThanHalf(long x, long m) {
    return Long.compareUnsigned(x + x, m) < 0;
  }

  /**
   * The reference's rounding of check timings and PSI durations to two decimals: above 1 s to 10
   * ms, above 1 ms to 10 µs, above 1 µs to 10 ns (ties away from zero); shorter (and negative)
   * durations are kept as they are.
   */
  public static long roundCheckDuration(long nanos) {
    if (nanos > SECOND) {
      return round(nanos, 10 * MILLISECOND);
    } else if (nanos > MILLISECOND) {
      return round(nanos, 10 * MICROSECOND);
    } else if (nanos > MICROSECOND) {
      return round(nanos, 10 * NANOSECOND);
    }
    return nanos;
  }

  /** The text of a framework-format elapsed time or PSI duration, e.g. {@code 105.38µs}. */
  public static String checkDuration(Duration d) {
    return duration(roundCheckDuration(saturatedNanos(d)));
  }

  /** {@link #checkDuration(Duration)} of a count of nanoseconds. */
  public static String checkDuration(long nanos) {
    return duration(roundCheckDuration(nanos));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * A byte count as the reference prints it: {@code base = ln(bytes)/ln(1024)}, unit by {@code
   * floor(base)}, mantissa {@code 1024^(base − floor(base))} rounded to two decimals (a fraction of
   * {@code 100 × mantissa} of at least .5 rounds up), printed without trailing zeros: {@code 1 B},
   * {@code 1.5 KB}, {@code 1024 KB} (1048575), {@code 20.53 GB}. Zero prints {@code 0 B}.
   *
   * @throws IllegalArgumentException for a negative count
   */
  public static String size(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative byte count: " + bytes);
    }
    if (bytes == 0) {
      return "0 B";
    }
    // StrictMath: the fdlibm algorithms, which Go's math.Log also follows.
    double base = StrictMath.log(bytes) / StrictMath.log(1024);
    double whole = Math.floor(base);
    double mantissa = StrictMath.pow(1024, base - whole);
    double digits = 100 * mantissa;
    double fraction = digits - (long) digits;
    long hundredths = (long) (fraction >= 0.5 ? Math.ceil(digits) : Math.floor(digits));
    String number = BigDecimal.valueOf(hundredths, 2).stripTrailingZeros().toPlainString();
    return number + " " + SIZE_UNITS[(int) whole];
  }

  /**
   * Go's {@code %.<decimals>f}: the exact binary value of {@code x} rounded half to even ({@code
   * 8.25 → 8.2}, {@code 2.675 → 2.67} because the double is 2.67499…, {@code 0.15 → 0.1}). A
   * negative value that rounds to zero keeps its sign ({@code -0.0}); {@code NaN}, {@code +Inf} and
   * {@code -Inf} print as Go prints them.
   */
  public static String fixed(double x, int decimals) {
    if (decimals < 0) {
      throw new IllegalArgumentException("negative decimals: " + decimals);
    }
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "+Inf" : "-Inf";
    }
    String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    boolean negative = x < 0 || (x == 0 && 1 / x < 0);
    return negative && !s.startsWith("-") ? "-" + s : s;
  }
}
