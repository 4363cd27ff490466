package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the fast sampler keeps of primary_conninfo, and its backoff. */
class PgFastSamplerUpstreamTest {

  @Test
  void keepsHostPortAndApplicationNameButNeverThePassword() {
    PgFastSnapshot.Upstream u =
        PgFastSampler.upstream(
            "user=repl password='s3cr3t pw' host=10.0.0.1 port=5433 application_name=node-b",
            "",
            null,
            null);
    assertThat(u.host()).contains("10.0.0.1");
    assertThat(u.port()).hasValue(5433);
    assertThat(u.applicationName()).isEqualTo("node-b");
    assertThat(u.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void applicationNameFallsBackToClusterNameThenWalreceiver() {
    assertThat(PgFastSampler.upstream("host=h", "pg-2", null, null).applicationName())
        .isEqualTo("pg-2");
    assertThat(PgFastSampler.upstream("host=h", "", null, null).applicationName())
        .isEqualTo("walreceiver");
    assertThat(PgFastSampler.upstream(null, "", null, null).host()).isEmpty();
  }

  @Test
  void urlFormPrimaryConninfoAndTheActualSenderAreKept() {
    PgFastSnapshot.Upstream u =
        PgFastSampler.upstream(
            "postgresql://repl:pw@[fdaa::2]:5433/postgres?application_name=r9",
            "",
            "fdaa::2",
            5433);
    assertThat(u.host()).contains("fdaa::2");
    assertThat(u.applicationName()).isEqualTo("r9");
    assertThat(u.senderHost()).contains("fdaa::2");
    assertThat(u.senderPort()).hasValue(5433);
  }

  @Test
  void unparsablePrimaryConninfoLeavesHostEmpty() {
    assertThat(PgFastSampler.upstream("host='unterminated", "c", null, null).host()).isEmpty();
  }

  @Test
  void backoffDoublesFromOneSecondToThirtyAndResetsOnSuccess() {
    ReconnectBackoff b = ReconnectBackoff.standard();
    long t = 0;
    assertThat(b.allowsAttempt(t)).isTrue();
    b.failed(t);
    assertThat(b.window()).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.allowsAttempt(t + 999_000_000L)).isFalse();
    assertThat(b.allowsAttempt(t + 1_000_000_000L)).isTrue();
    for (int i = 0; i < 10; i++) {
      b.failed(t);
    }
    assertThat(b.window()).isEqualTo(Duration.ofSeconds(30));
    b.succeeded();
    assertThat(b.allowsAttempt(t)).isTrue();
    assertThat(b.window()).isZero();
  }
}
