package dev.pgvitals.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * One gzip member (RFC 1952) assembled from segments deflated on their own, so a large text that
 * changes once per sample is compressed once per sample and not on every scrape. Each segment is
 * raw DEFLATE from a fresh compressor (no reference to earlier data) ended with a sync flush, which
 * leaves it byte-aligned and not final; segments therefore concatenate into one valid DEFLATE
 * stream, closed by an empty final block. The trailer's CRC-32 and size cover the whole text. A
 * single member, unlike concatenated gzip files, is read whole by every client, curl included.
 */
final class GzipSegments {

  /** Magic, deflate, no flags, no time, no extra flags, OS unknown. */
  static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private GzipSegments() {}

  /** {@code text} as raw DEFLATE blocks, none final, ending byte-aligned (sync flush). */
  static byte[] deflate(byte[] text) {
    return deflate(ByteBuffer.wrap(text));
  }

  /**
   * The same from a buffer, read in place: a direct buffer's text is not copied onto the heap (with
   * 500 databases that copy was a 2.7 MB array per sample, allocated straight into the old
   * generation).
   */
  static byte[] deflate(ByteBuffer text) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(text.remaining() / 8 + 64);
      d.setInput(text);
      byte[] buf = new byte[64 * 1024];
      int n;
      do {
        // with SYNC_FLUSH, a full buffer means there may be more: call again (Deflater's contract)
        n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        out.write(buf, 0, n);
      } while (n == buf.length);
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  /**
   * The CRC-32 of A followed by B from the CRC-32 of each and B's length, without reading either:
   * zlib's {@code crc32_combine} (appending {@code lengthB} zero bytes to A's register is a linear
   * map over GF(2), applied by repeated squaring of the one-zero-bit operator; then B's CRC is
   * added). A scrape thus pays O(log n) per cached segment instead of reading 2.7 MB of text.
   */
  static long crc32Combine(long crcA, long crcB, long lengthB) {
    if (lengthB <= 0) {
      return crcA;
    }
    int[] even = new int[32]; // operator for an even power of two of zero bits
    int[] odd = new int[32]; // and for an odd power
    odd[0] = 0xedb88320; // the CRC-32 polynomial, reflected: one zero bit
    int row = 1;
    for (int n = 1; n < 32; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    int crc = (int) crcA;
    long len = lengthB;
    do { // the first square gives one zero byte (eight bits), the next two bytes, four, ...
      square(even, odd);
      if ((len & 1) != 0) {
        crc = times(even, crc);
      }
      len >>>= 1;
      if (len == 0) {
        break;
      }
      square(odd, even);
      if ((len & 1) != 0) {
        crc = times(odd, crc);
      }
      len >>>= 1;
    } while (len != 0);
    return (crc ^ (int) crcB) & 0xffffffffL;
  }

  private static int times(int[] matrix, int vector) {
    int sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(int[] square, int[] matrix) {
    for (int n = 0; n < 32; n++) {
      square[n] = times(matrix, matrix[n]);
    }
  }

  /**
   * An empty final block (fixed Huffman codes, only the end-of-block code: {@code 03 00}), then the
   * trailer: CRC-32 and length modulo 2^32 of the whole uncompressed text, little-endian.
   */
  static byte[] end(long crc32, long size) {
    byte[] b = new byte[10];
    b[0] = 0x03;
    b[1] = 0x00;
    for (int i = 0; i < 4; i++) {
      b[2 + i] = (byte) (crc32 >>> (8 * i));
      b[6 + i] = (byte) (size >>> (8 * i));
    }
    return b;
  }
}
