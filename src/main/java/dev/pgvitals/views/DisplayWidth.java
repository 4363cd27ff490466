package dev.pgvitals.views;

/**
 * How many terminal columns a string takes: one per code point, except combining marks, variation
 * selectors, format and control characters (0) and East Asian wide / fullwidth characters and emoji
 * (2). So {@code ✓ ✗ µ} count 1 and {@code ↩︎} (U+21A9 U+FE0E) counts 1.
 */
public final class DisplayWidth {
  private DisplayWidth() {}

  public static int of(String s) {
    int width = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      width += of(cp);
    }
    return width;
  }

  public static int of(int cp) {
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      return 0;
    }
    switch (Character.getType(cp)) {
      case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT -> {
        return 0;
      }
      default -> {
        return wide(cp) ? 2 : 1;
      }
    }
  }

  private static boolean wide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F) // Hangul Jamo initials
        || (cp >= 0x2E80 && cp <= 0x303E) // CJK radicals, punctuation
        || (cp >= 0x3041 && cp <= 0x33FF) // Hiragana, Katakana, CJK compatibility
        || (cp >= 0x3400 && cp <= 0x4DBF) // CJK extension A
        || (cp >= 0x4E00 && cp <= 0x9FFF) // CJK unified ideographs
        || (cp >= 0xA000 && cp <= 0xA4CF) // Yi
        || (cp >= 0xAC00 && cp <= 0xD7A3) // Hangul syllables
        || (cp >= 0xF900 && cp <= 0xFAFF) // CJK compatibility ideographs
        || (cp >= 0xFE30 && cp <= 0xFE4F) // CJK compatibility forms
        || (cp >= 0xFF00 && cp <= 0xFF60) // fullwidth forms
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1F64F) // pictographs, emoticons
        || (cp >= 0x1F900 && cp <= 0x1F9FF) // supplemental symbols and pictographs
        || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extensions B and later
  }

  /** {@code s} followed by spaces up to {@code width} columns (unchanged if already wider). */
  public static String pad(String s, int width) {
    int missing = width - of(s);
    return missing <= 0 ? s : s + " ".repeat(missing);
  }
}
