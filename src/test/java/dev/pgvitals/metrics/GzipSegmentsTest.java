package dev.pgvitals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Segments deflated apart make one gzip member that a standard reader inflates whole. */
class GzipSegmentsTest {

  @Test
  void segmentsOfAnySizeJoinIntoOneMember() throws Exception {
    Random random = new Random(42);
    byte[] incompressible = new byte[1 << 20]; // takes many 64 kB output buffers
    random.nextBytes(incompressible);
    byte[] text = "pg_up 1\n".repeat(50_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[][] segments = {text, new byte[0], incompressible, "# EOF\n".getBytes()};

    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    CRC32 crc = new CRC32();
    gz.write(GzipSegments.HEADER);
    for (byte[] s : segments) {
      gz.write(GzipSegments.deflate(s));
      plain.write(s);
      crc.update(s);
    }
    gz.write(GzipSegments.end(crc.getValue(), plain.size()));

    String inflated = MetricsTest.oneGzipMember(Unpooled.wrappedBuffer(gz.toByteArray()));
    assertThat(inflated.length()).isPositive();
    byte[] again =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.toByteArray()))
            .readAllBytes();
    assertThat(again).isEqualTo(plain.toByteArray());
  }

  @Test
  void combinedCrcsEqualTheCrcOfTheWhole() {
    Random random = new Random(7);
    for (int lengthA : new int[] {0, 1, 5, 1000}) {
      for (int lengthB : new int[] {0, 1, 2, 3, 7, 8, 255, 4096, 1_000_003}) {
        byte[] a = new byte[lengthA];
        byte[] b = new byte[lengthB];
        random.nextBytes(a);
        random.nextBytes(b);
        CRC32 whole = new CRC32();
        whole.update(a);
        whole.update(b);
        assertThat(GzipSegments.crc32Combine(crc(a), crc(b), lengthB))
            .as("%d + %d bytes", lengthA, lengthB)
            .isEqualTo(whole.getValue());
      }
    }
  }

  private static long crc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b);
    return crc.getValue();
  }
}
