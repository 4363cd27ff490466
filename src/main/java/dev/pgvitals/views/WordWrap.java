package dev.pgvitals.views;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimum-raggedness word wrap, as the reference CLI's table library wrapped cells.
 *
 * <p>The text is split into words on single spaces (newlines first become spaces). The limit is the
 * given width, or the widest word if that is wider. Breaks are chosen by dynamic programming to
 * minimise the sum over all lines but the last of {@code (limit − width)²}, where a line over the
 * limit costs {@link #OVERFLOW_PENALTY} more; among equally good choices the earliest break wins.
 * This is not greedy filling: greedy packs each line as full as it can, which can leave a very
 * short line in the middle.
 */
public final class WordWrap {
  /** The reference's table column limit. */
  public static final int DEFAULT_LIMIT = 30;

  static final int OVERFLOW_PENALTY = 100_000;

  private WordWrap() {}

  /** Wraps {@code text} at {@code limit} (or its widest word); never returns an empty list. */
  public static List<String> wrap(String text, int limit) {
    String[] words = text.replace("\r\n", " ").replace('\n', ' ').split(" ", -1);
    int n = words.length;
    int[] widths = new int[n];
    int lim = limit;
    for (int i = 0; i < n; i++) {
      widths[i] = DisplayWidth.of(words[i]);
      lim = Math.max(lim, widths[i]);
    }
    // cost[i]: best cost of laying out words i..n-1; next[i]: index of the first word of the
    // following line.
    long[] cost = new long[n + 1];
    int[] next = new int[n + 1];
    for (int i = n - 1; i >= 0; i--) {
      if (lineWidth(widths, i, n) <= lim) {
        cost[i] = 0; // the last line is free when it fits
        next[i] = n;
        continue;
      }
      cost[i] = Long.MAX_VALUE;
      int width = -1;
      for (int j = i + 1; j < n; j++) {
        width += 1 + widths[j - 1]; // width of words i..j-1
        long gap = lim - width;
        long c = gap * gap + cost[j];
        if (width > lim) {
          c += OVERFLOW_PENALTY;
        }
        if (c < cost[i]) {
          cost[i] = c;
          next[i] = j;
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i = next[i]) {
      lines.add(String.join(" ", java.util.Arrays.asList(words).subList(i, next[i])));
    }
    return lines;
  }

  private static int lineWidth(int[] widths, int from, int to) {
    int width = -1;
    for (int k = from; k < to; k++) {
      width += 1 + widths[k];
    }
    return width;
  }
}
