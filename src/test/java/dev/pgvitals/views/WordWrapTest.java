package dev.pgvitals.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordWrapTest {

  /** Greedy first-fit filling at the same limit, only to show where it differs. */
  static List<String> greedy(String text, int limit) {
    List<String> lines = new ArrayList<>();
    String line = null;
    for (String word : text.split(" ", -1)) {
      if (line == null) {
        line = word;
      } else if (DisplayWidth.of(line) + 1 + DisplayWidth.of(word) <= limit) {
        line = line + " " + word;
      } else {
        lines.add(line);
        line = word;
      }
    }
    lines.add(line);
    return lines;
  }

  @Test
  void minimumRaggednessDiffersFromGreedyWhereGreedyLeavesAShortMiddleLine() {
    // Greedy: 19 and 14 columns, cost 11² + 16² = 377. Moving "ccc"
    // down gives 15 and 18 columns, cost 15² + 12² = 369, so that is chosen.
    String text = "aaaaaa bbbbbbbb ccc dddddddddddddd eeeeeeeeeeeeeeee";
    assertThat(greedy(text, 30))
        .containsExactly("aaaaaa bbbbbbbb ccc", "dddddddddddddd", "eeeeeeeeeeeeeeee");
    assertThat(WordWrap.wrap(text, 30))
        .containsExactly("aaaaaa bbbbbbbb", "ccc dddddddddddddd", "eeeeeeeeeeeeeeee");
  }

  @Test
  void equalCostsTakeTheEarliestBreak() {
    // 19 + 14 columns and 14 + 19 columns both cost 11² + 16² = 377: the first break that
    // reaches the minimum (after "bbbbb") wins, as in the reference's table library.
    assertThat(WordWrap.wrap("aaaaaaaa bbbbb cccc dddddddddddddd eeeeeeeeeeeeeeee", 30))
        .containsExactly("aaaaaaaa bbbbb", "cccc dddddddddddddd", "eeeeeeeeeeeeeeee");
  }

  @Test
  void lastLineCostsNothingSoItMayBeShort() {
    assertThat(WordWrap.wrap("aaaaaaaaaaaaaaaaaaaaaaaaaaaa bb", 30))
        .containsExactly("aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bb");
  }

  @Test
  void textThatFitsStaysOnOneLine() {
    assertThat(WordWrap.wrap("replica", 30)).containsExactly("replica");
    assertThat(WordWrap.wrap("exactly thirty columns wide!!!", 30))
        .containsExactly("exactly thirty columns wide!!!");
  }

  @Test
  void aWordWiderThanTheLimitRaisesTheLimit() {
    // 32 columns: the limit becomes 32, so "connected" does not fit after it (42) and the line
    // before it may use up to 32 columns.
    List<String> lines =
        WordWrap.wrap("[✓] leader check: [fdaa:0:33:a7b:ab8:0:c24:2]:5433 connected", 30);
    assertThat(lines)
        .containsExactly("[✓] leader check:", "[fdaa:0:33:a7b:ab8:0:c24:2]:5433", "connected");
  }

  @Test
  void newlinesBecomeSpacesAndDoubleSpacesKeepAnEmptyWord() {
    assertThat(WordWrap.wrap("a\nb", 30)).containsExactly("a b");
    assertThat(WordWrap.wrap("a  b", 30)).containsExactly("a  b");
  }

  @Test
  void emptyTextIsOneEmptyLine() {
    assertThat(WordWrap.wrap("", 30)).containsExactly("");
  }

  @Test
  void widthCountsCheckMarksAsOneColumnAndIdeographsAsTwo() {
    assertThat(DisplayWidth.of("[✓] [✗] 246µs")).isEqualTo(13);
    assertThat(DisplayWidth.of("容量")).isEqualTo(4);
    assertThat(DisplayWidth.of("↩︎")).isEqualTo(1); // U+21A9 U+FE0E: the selector takes no column
    assertThat(DisplayWidth.of("e\u0301")).isEqualTo(1); // combining acute accent
    // 15 ideograph columns + 15 ASCII = 30, fits; 16 would not.
    assertThat(WordWrap.wrap("容量容量容量容 aaaaaaaaaaaaaa", 30)).hasSize(1);
    assertThat(WordWrap.wrap("容量容量容量容量 aaaaaaaaaaaaaa", 30)).hasSize(2);
  }
}
