package dev.pgvitals.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeAddressTest {

  @Test
  void parsesHostPortBracketedV6AndDefaults() {
    assertThat(NodeAddress.parse("db1:5500", 9000)).isEqualTo(new NodeAddress("db1", 5500));
    assertThat(NodeAddress.parse(" db1 ", 9000)).isEqualTo(new NodeAddress("db1", 9000));
    assertThat(NodeAddress.parse("[fdaa:0:33::2]:5500", 9000))
        .isEqualTo(new NodeAddress("fdaa:0:33::2", 5500));
    assertThat(NodeAddress.parse("[fdaa::2]", 9000)).isEqualTo(new NodeAddress("fdaa::2", 9000));
    assertThat(NodeAddress.parse("fdaa::2", 9000)).isEqualTo(new NodeAddress("fdaa::2", 9000));
  }

  @Test
  void printsIpv6InBrackets() {
    assertThat(new NodeAddress("fdaa::2", 5500)).hasToString("[fdaa::2]:5500");
    assertThat(new NodeAddress("10.0.0.1", 5500)).hasToString("10.0.0.1:5500");
  }

  @Test
  void parsesACommaSeparatedList() {
    assertThat(NodeAddress.parseList("a:1, b:2,,[::1]:3", 9000))
        .containsExactly(
            new NodeAddress("a", 1), new NodeAddress("b", 2), new NodeAddress("::1", 3));
  }

  @Test
  void badAddressesGiveOneLineReasons() {
    assertThatThrownBy(() -> NodeAddress.parse("db1:http", 9000))
        .hasMessage("bad node address 'db1:http': port must be 1-65535, was 'http'");
    assertThatThrownBy(() -> NodeAddress.parse("db1:70000", 9000))
        .hasMessage("bad node address 'db1:70000': port must be 1-65535, was 70000");
    assertThatThrownBy(() -> NodeAddress.parse("[::1:5500", 9000))
        .hasMessage("bad node address '[::1:5500': missing ']'");
    assertThatThrownBy(() -> NodeAddress.parse(":5500", 9000))
        .hasMessage("bad node address ':5500': empty host");
    assertThatThrownBy(() -> NodeAddress.parseList(" , ", 9000))
        .hasMessage("no node addresses in ' , '");
  }
}
