package dev.pgvitals.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {
  static final Instant START = Instant.parse("2021-02-10T23:21:21Z");
  static final Map<String, String> FLY_ENV =
      Map.of(
          "FLY_ALLOC_ID", "da8141e7-1234-5678-9abc-def012345678",
          "FLY_REGION", "iad",
          "FLY_APP_NAME", "pg-app");

  @Test
  void flagsWinOverEnvironment() {
    NodeIdentity id =
        NodeIdentity.resolve(
            new NodeIdentity.Flags("node-1", "ams", "orders-db", "6"),
            FLY_ENV,
            "h",
            "/data",
            "0.1.0",
            START);
    assertThat(id).isEqualTo(new NodeIdentity("node-1", "ams", "orders-db", "6", START, 0, null));
  }

  @Test
  void environmentGivesFirstEightCharactersOfTheAllocationId() {
    NodeIdentity id =
        NodeIdentity.resolve(NodeIdentity.Flags.NONE, FLY_ENV, "h", "/data", "0.1.0", START);
    assertThat(id.id()).isEqualTo("da8141e7");
    assertThat(id.region()).isEqualTo("iad");
    assertThat(id.app()).isEqualTo("pg-app");
    assertThat(id.version()).isEqualTo("0.1.0");
    assertThat(id.created()).isEqualTo(START);
  }

  @Test
  void shortAllocationIdIsUsedWhole() {
    NodeIdentity id =
        NodeIdentity.resolve(
            NodeIdentity.Flags.NONE, Map.of("FLY_ALLOC_ID", "abc"), "h", "/data", "0.1.0", START);
    assertThat(id.id()).isEqualTo("abc");
  }

  @Test
  void withoutFlagsOrEnvironmentTheDefaultsApplyAndTheIdIsAStableHostHash() {
    NodeIdentity a =
        NodeIdentity.resolve(
            NodeIdentity.Flags.NONE, Map.of(), "db-1", "/var/lib/pg", "0.1.0", START);
    NodeIdentity b =
        NodeIdentity.resolve(
            NodeIdentity.Flags.NONE, Map.of(), "db-1", "/var/lib/pg", "0.1.0", START);
    assertThat(a.region()).isEqualTo("local");
    assertThat(a.app()).isEqualTo("pg");
    assertThat(a.id()).matches("[0-9a-f]{8}").isEqualTo(b.id());
    // SHA-256("db-1\0/var/lib/pg") starts with these 4 bytes; pinned so the id never drifts
    // between releases.
    assertThat(a.id()).isEqualTo("307fb942");
    assertThat(NodeIdentity.hostHash("db-1", "/var/lib/pg2")).isNotEqualTo(a.id());
    assertThat(NodeIdentity.hostHash("db-2", "/var/lib/pg")).isNotEqualTo(a.id());
  }

  @Test
  void blankFlagsAndEnvironmentCountAsNotGiven() {
    NodeIdentity id =
        NodeIdentity.resolve(
            new NodeIdentity.Flags(" ", "", null, ""),
            Map.of("FLY_ALLOC_ID", "", "FLY_REGION", " "),
            "h",
            "/d",
            "0.1.0",
            START);
    assertThat(id.id()).isEqualTo(NodeIdentity.hostHash("h", "/d"));
    assertThat(id.region()).isEqualTo("local");
    assertThat(id.version()).isEqualTo("0.1.0");
  }

  @Test
  void postmasterAndRoleUpdatesKeepTheRest() {
    NodeIdentity id =
        NodeIdentity.resolve(NodeIdentity.Flags.NONE, FLY_ENV, "h", "/d", "6", START)
            .withPostmaster(Instant.parse("2021-02-11T00:00:00Z"), 1)
            .withRole("replica");
    assertThat(id)
        .isEqualTo(
            new NodeIdentity(
                "da8141e7",
                "iad",
                "pg-app",
                "6",
                Instant.parse("2021-02-11T00:00:00Z"),
                1,
                "replica"));
  }
}
