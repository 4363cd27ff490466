package dev.pgvitals.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Reads a golden sample from {@code src/test/resources/golden} and compares text with it. */
public final class Golden {
  private Golden() {}

  /** The sample's lines without the first (the command typed) and without trailing spaces. */
  public static List<String> sample(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /golden/" + name);
      }
      List<String> lines = lines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return lines.subList(1, lines.size());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lines of text, trailing spaces removed, without the empty string after a final newline. */
  public static List<String> lines(String text) {
    List<String> lines =
        Arrays.stream(text.split("\n", -1)).map(TextTable::stripTrailingSpaces).toList();
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty() && text.endsWith("\n")) {
      lines = lines.subList(0, lines.size() - 1);
    }
    return lines;
  }

  public static void assertLinesEqual(String rendered, List<String> expected) {
    assertThat(lines(rendered)).containsExactlyElementsOf(expected);
  }
}
