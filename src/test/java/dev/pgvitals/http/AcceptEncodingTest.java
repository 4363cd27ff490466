package dev.pgvitals.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When /metrics answers gzip: the codings Prometheus, curl and browsers send. */
class AcceptEncodingTest {

  @Test
  void gzipWhenNamedWithAPositiveQuality() {
    assertThat(HttpApi.acceptsGzip("gzip")).isTrue(); // Prometheus
    assertThat(HttpApi.acceptsGzip("deflate, gzip, br, zstd")).isTrue(); // curl --compressed
    assertThat(HttpApi.acceptsGzip("gzip;q=0.5, identity")).isTrue();
    assertThat(HttpApi.acceptsGzip(" X-GZIP ; Q=1")).isTrue();
  }

  @Test
  void identityOtherwise() {
    assertThat(HttpApi.acceptsGzip(null)).isFalse();
    assertThat(HttpApi.acceptsGzip("")).isFalse();
    assertThat(HttpApi.acceptsGzip("identity")).isFalse();
    assertThat(HttpApi.acceptsGzip("br, deflate")).isFalse();
    assertThat(HttpApi.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(HttpApi.acceptsGzip("gzip;q=0.0, br")).isFalse();
    assertThat(HttpApi.acceptsGzip("gzip;q=abc")).isFalse();
    assertThat(HttpApi.acceptsGzip("*")).as("only a named gzip").isFalse();
  }
}
