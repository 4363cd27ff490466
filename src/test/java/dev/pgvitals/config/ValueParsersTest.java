package dev.pgvitals.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one parser each for durations, byte sizes and host:port, with the cases that used to
 * disagree.
 */
class ValueParsersTest {

  @Test
  void durationsFollowGo() {
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2h45m0.5s")).isEqualTo(Duration.ofSeconds(9900, 500_000_000));
    assertThat(Durations.parseNonNegative("250µs")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Durations.parseNonNegative("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Durations.parseNonNegative("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parseNonNegative("0s")).isEqualTo(Duration.ZERO);
  }

  @Test
  void aBareNumberIsNotADuration() {
    // --check-deadline 10 used to be seconds while ?lag=10 was bytes: now the unit is required
    assertThatThrownBy(() -> Durations.parse("10"))
        .hasMessage("'10' has no unit (expected e.g. 10s, 1m30s, 500ms)");
    assertThatThrownBy(() -> Durations.parse("1m30"))
        .hasMessage("'1m30' has no unit (expected e.g. 10s, 1m30s, 500ms)");
  }

  @Test
  void badDurationsGiveOneLine() {
    assertThatThrownBy(() -> Durations.parse("soon"))
        .hasMessage("'soon' is not a duration (expected e.g. 10s, 1m30s, 500ms)");
    assertThatThrownBy(() -> Durations.parse("5d"))
        .hasMessage(
            "'5d' has an unknown unit 'd' (units are ns, us, ms, s, m, h; expected e.g. 10s, 1m30s, 500ms)");
    assertThatThrownBy(() -> Durations.parse("5S")).hasMessageContaining("unknown unit 'S'");
    assertThatThrownBy(() -> Durations.parse("-5s"))
        .hasMessage("'-5s' is negative (expected e.g. 10s, 1m30s, 500ms)");
    assertThatThrownBy(() -> Durations.parse("0s"))
        .hasMessage("'0s' is out of range (1ms to 365 days)");
    assertThatThrownBy(() -> Durations.parse("1.2.3s")).hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> Durations.parse(" "))
        .hasMessage("empty duration (expected e.g. 10s, 1m30s, 500ms)");
    assertThatThrownBy(() -> Durations.parseNonNegative("9999999999h"))
        .hasMessage("'9999999999h' is too long");
  }

  @Test
  void lagDurationsAlsoTakeAnyCaseASpaceMinAndDays() {
    assertThat(Durations.parseLenient("2min")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parseLenient("10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parseLenient("10 s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parseLenient("0.5d")).isEqualTo(Duration.ofHours(12));
    assertThat(Durations.parseLenient("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parseLenient("0s")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Durations.parseLenient("-1s")).hasMessageContaining("is negative");
    assertThatThrownBy(() -> Durations.parseLenient("1w")).hasMessageContaining("unknown unit 'w'");
  }

  @Test
  void byteSizesFollowPostgresAndPatroni() {
    assertThat(ByteSize.parse("16MB")).isEqualTo(16L << 20);
    assertThat(ByteSize.parse("1kB")).isEqualTo(1024);
    assertThat(ByteSize.parse("1GB")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("2TB")).isEqualTo(2L << 40);
    assertThat(ByteSize.parse("100")).isEqualTo(100);
    assertThat(ByteSize.parse("100B")).isEqualTo(100);
    assertThat(ByteSize.parse("64 MB")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("1.5kB")).isEqualTo(1536);
    assertThat(ByteSize.parse("16mb")).isEqualTo(16L << 20);
    assertThatThrownBy(() -> ByteSize.parse("16XB"))
        .hasMessage("'16XB' has an unknown unit 'XB' (units are B, kB, MB, GB, TB)");
    assertThatThrownBy(() -> ByteSize.parse("MB"))
        .hasMessage("'MB' is not a byte size (expected bytes, or e.g. 16MB, 1kB, 1GB)");
    assertThatThrownBy(() -> ByteSize.parse("99999999TB")).hasMessage("'99999999TB' is too large");
  }

  @Test
  void theSizeFlagsReadTheSameSizesWithTheirOwnNoun() {
    assertThat(ByteSize.parse("10GiB", "size")).isEqualTo(10L << 30);
    assertThat(ByteSize.parse("1.5TB", "size")).isEqualTo(3L << 39);
    assertThat(ByteSize.parse("4096", "size")).isEqualTo(4096);
    assertThatThrownBy(() -> ByteSize.parse("lots", "size"))
        .hasMessage("'lots' is not a size (expected bytes, or e.g. 16MB, 1kB, 1GB)");
    assertThatThrownBy(() -> ByteSize.parse(" ", "size"))
        .hasMessage("empty size (expected bytes, or e.g. 16MB, 1kB, 1GB)");
  }

  @Test
  void lagTellsBytesFromDurations() {
    assertThat(ByteSize.looksLikeBytes("10")).isTrue();
    assertThat(ByteSize.looksLikeBytes("16MB")).isTrue();
    assertThat(ByteSize.looksLikeBytes("10s")).isFalse();
    assertThat(ByteSize.looksLikeBytes("1m")).isFalse();
    assertThat(ByteSize.looksLikeBytes("1GiB")).isTrue();
    assertThat(ByteSize.looksLikeBytes("2min")).isFalse();
  }

  @Test
  void hostPortWithDefaultsAndIpv6() {
    assertThat(HostPort.parse("db1:5500", 9000)).isEqualTo(new HostPort("db1", 5500));
    assertThat(HostPort.parse(" db1 ", 9000)).isEqualTo(new HostPort("db1", 9000));
    assertThat(HostPort.parse("[fdaa:0:33::2]:5500", 9000))
        .isEqualTo(new HostPort("fdaa:0:33::2", 5500));
    assertThat(HostPort.parse("[fdaa::2]", 9000)).isEqualTo(new HostPort("fdaa::2", 9000));
    assertThat(HostPort.parse("fdaa::2", 9000)).isEqualTo(new HostPort("fdaa::2", 9000));
    assertThat(HostPort.parse("pg-app.internal", HostPort.NO_PORT).hasPort()).isFalse();
    assertThat(HostPort.parse("10.0.0.5:6000", HostPort.NO_PORT))
        .isEqualTo(new HostPort("10.0.0.5", 6000));
  }

  @Test
  void hostPortPrintsLikeGoJoinHostPort() {
    assertThat(new HostPort("fdaa::2", 5500)).hasToString("[fdaa::2]:5500");
    assertThat(new HostPort("10.0.0.1", 5500)).hasToString("10.0.0.1:5500");
    assertThat(new HostPort("db", HostPort.NO_PORT)).hasToString("db");
  }

  @Test
  void badHostPortsGiveOneLine() {
    assertThatThrownBy(() -> HostPort.parse("db1:http", 9000))
        .hasMessage("port must be 1-65535, was 'http'");
    assertThatThrownBy(() -> HostPort.parse("db1:70000", 9000))
        .hasMessage("port must be 1-65535, was 70000");
    assertThatThrownBy(() -> HostPort.parse("db1:0", 9000))
        .hasMessage("port must be 1-65535, was 0");
    assertThatThrownBy(() -> HostPort.parse("[::1:5500", 9000)).hasMessage("missing ']'");
    assertThatThrownBy(() -> HostPort.parse("[::1]5500", 9000))
        .hasMessage("expected ':' after ']'");
  }

  @Test
  void listenAddresses() {
    assertThat(ListenAddress.parse("0.0.0.0:5500")).isEqualTo(new ListenAddress("0.0.0.0", 5500));
    assertThat(ListenAddress.parse(":5500")).isEqualTo(new ListenAddress("0.0.0.0", 5500));
    assertThat(ListenAddress.parse("[::1]:0")).isEqualTo(new ListenAddress("::1", 0));
    assertThat(ListenAddress.parse("[::1]:0")).hasToString("[::1]:0");
    assertThatThrownBy(() -> ListenAddress.parse("x"))
        .hasMessage("'x' has no port (expected host:port, e.g. 0.0.0.0:5500)");
    assertThatThrownBy(() -> ListenAddress.parse("x:99999"))
        .hasMessage(
            "'x:99999' has a bad port: port must be 0-65535, was 99999 (expected host:port, e.g. 0.0.0.0:5500)");
  }
}
