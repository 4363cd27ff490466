package dev.pgvitals.views;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A borderless text table the way the reference CLI printed them: each column padded with spaces to
 * its widest cell (in {@link DisplayWidth display columns}), one space between columns, the header
 * row first. A cell may hold several lines; the row is then as tall as its tallest cell and the
 * other cells are blank below their text. Trailing spaces are not printed.
 *
 * <pre>{@code
 * new TextTable("NAME", "USERS").row("postgres", "flypgadmin,postgres").render()
 * }</pre>
 */
public final class TextTable {
  private final List<List<String>> header;
  private final List<List<List<String>>> rows = new ArrayList<>();

  public TextTable(String... header) {
    this.header = cells(header);
  }

  /** Adds a row; a cell containing {@code \n} becomes several lines. */
  public TextTable row(String... cells) {
    return rowOfLines(cells(cells));
  }

  /** Adds a row whose cells are given as their lines (an empty string is an empty line). */
  public TextTable rowOfLines(List<List<String>> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.size() + " cells, table has " + header.size() + " columns");
    }
    List<List<String>> copy = new ArrayList<>(cells.size());
    for (List<String> cell : cells) {
      copy.add(cell.isEmpty() ? List.of("") : List.copyOf(cell));
    }
    rows.add(copy);
    return this;
  }

  /** The table's lines, header first, without line terminators. */
  public List<String> lines() {
    int columns = header.size();
    int[] widths = new int[columns];
    List<List<List<String>>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<List<String>> row : all) {
      for (int c = 0; c < columns; c++) {
        for (String line : row.get(c)) {
          widths[c] = Math.max(widths[c], DisplayWidth.of(line));
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (List<List<String>> row : all) {
      int height = row.stream().mapToInt(List::size).max().orElse(1);
      for (int k = 0; k < height; k++) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++) {
          List<String> cell = row.get(c);
          String text = k < cell.size() ? cell.get(k) : "";
          line.append(c == columns - 1 ? text : DisplayWidth.pad(text, widths[c]) + " ");
        }
        out.add(stripTrailingSpaces(line.toString()));
      }
    }
    return out;
  }

  /** The table as text, each line ending in {@code \n}. */
  public String render() {
    return joinLines(lines());
  }

  static String joinLines(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  private static List<List<String>> cells(String[] texts) {
    List<List<String>> cells = new ArrayList<>(texts.length);
    for (String text : texts) {
      cells.add(Arrays.asList(text.split("\n", -1)));
    }
    return cells;
  }
}
