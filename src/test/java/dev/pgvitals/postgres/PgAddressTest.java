package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PgAddressTest {

  @Test
  void leaderAddressPrintsLikeGoJoinHostPort() throws Exception {
    assertThat(PgAddress.of(InetAddress.getByName("10.0.0.5"), 5432)).hasToString("10.0.0.5:5432");
    assertThat(PgAddress.of(InetAddress.getByName("fdaa:0:33:a7b:ab8:0:c24:2"), 5433))
        .hasToString("[fdaa:0:33:a7b:ab8:0:c24:2]:5433");
  }

  @Test
  void ipv6IsPrintedInItsShortestFormLikeGo() throws Exception {
    assertThat(PgAddress.ipText(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(PgAddress.ipText(InetAddress.getByName("fdaa:0:0:0:0:0:0:2"))).isEqualTo("fdaa::2");
    assertThat(PgAddress.ipText(InetAddress.getByName("1:0:0:2:0:0:0:3"))).isEqualTo("1:0:0:2::3");
    assertThat(PgAddress.ipText(InetAddress.getByName("FDAA:00:33::0A"))).isEqualTo("fdaa:0:33::a");
  }

  @Test
  void hostPortBracketsOnlyIpv6() {
    assertThat(PgAddress.hostPort("127.0.0.1", 5432)).isEqualTo("127.0.0.1:5432");
    assertThat(PgAddress.hostPort("::1", 5432)).isEqualTo("[::1]:5432");
    assertThat(PgAddress.hostPort("db.internal", 5432)).isEqualTo("db.internal:5432");
  }
}
