package dev.pgvitals.views;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A titled vertical block the way the reference CLI printed {@code App} and {@code Instance}:
 *
 * <pre>
 * Instance
 *   ID            = da8141e7
 *   Health Checks = 3 total, 2 passing, 1 critical
 * </pre>
 *
 * keys padded to the longest key, in the order added.
 */
public final class KeyValueBlock {
  private final String title;
  private final Map<String, String> entries = new LinkedHashMap<>();

  public KeyValueBlock(String title) {
    this.title = title;
  }

  public KeyValueBlock put(String key, String value) {
    entries.put(key, value);
    return this;
  }

  public List<String> lines() {
    int width = entries.keySet().stream().mapToInt(DisplayWidth::of).max().orElse(0);
    List<String> out = new ArrayList<>();
    out.add(title);
    entries.forEach(
        (k, v) ->
            out.add(TextTable.stripTrailingSpaces("  " + DisplayWidth.pad(k, width) + " = " + v)));
    return out;
  }
}
