package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.postgres.ExporterNames;
import dev.pgvitals.postgres.LeaderCandidates;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Flags read through the one parser each for durations and host:port (dev.pgvitals.config). */
class ValueFlagsTest {

  @Test
  void aDurationWithoutUnitExits2NamingTheFix() {
    MainTest.Run r = MainTest.run("check", "vm", "--check-deadline", "10");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .contains("--check-deadline")
        .contains("'10' has no unit (expected e.g. 10s, 1m30s, 500ms)");
  }

  @Test
  void aBadPeerExits2BeforeAnythingStarts() {
    MainTest.Run r =
        MainTest.run(
            "check",
            "pg",
            "--pg-url",
            "postgres://u@127.0.0.1:1/db",
            "--peers",
            "db1:5433,db2:http");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .isEqualTo("pgvitals: invalid peer 'db2:http': port must be 1-65535, was 'http'\n");
  }

  @Test
  void peersKeepTheirPortOrTakeTheLocalOne() {
    assertThat(PgOptions.peer("pg-app.internal"))
        .isEqualTo(new LeaderCandidates.Peer("pg-app.internal", OptionalInt.empty()));
    assertThat(PgOptions.peer("10.0.0.5:6000"))
        .isEqualTo(new LeaderCandidates.Peer("10.0.0.5", OptionalInt.of(6000)));
    assertThat(PgOptions.peer("[fdaa::2]:6000"))
        .isEqualTo(new LeaderCandidates.Peer("fdaa::2", OptionalInt.of(6000)));
    assertThat(PgOptions.peer("fdaa::2"))
        .isEqualTo(new LeaderCandidates.Peer("fdaa::2", OptionalInt.empty()));
  }

  @Test
  void exporterNamesAreBothByDefaultAndSeedOnRequest() {
    AgentCommand both = new AgentCommand();
    new picocli.CommandLine(both).parseArgs("--pg-url", "postgres://u@127.0.0.1:1/db");
    assertThat(both.config().pg().orElseThrow().exporterNames()).isEqualTo(ExporterNames.BOTH);
    AgentCommand seed = new AgentCommand();
    new picocli.CommandLine(seed)
        .parseArgs("--pg-url", "postgres://u@127.0.0.1:1/db", "--pg-exporter-names", "SEED");
    assertThat(seed.config().pg().orElseThrow().exporterNames()).isEqualTo(ExporterNames.SEED);
  }

  @Test
  void tableStatsDatabasesAreNoneByDefaultAndTheNamedOnesInOrder() {
    AgentCommand none = new AgentCommand();
    new picocli.CommandLine(none).parseArgs("--pg-url", "postgres://u@127.0.0.1:1/db");
    assertThat(none.config().pg().orElseThrow().tableStatsDatabases()).isEmpty();
    AgentCommand two = new AgentCommand();
    new picocli.CommandLine(two)
        .parseArgs(
            "--pg-url", "postgres://u@127.0.0.1:1/db", "--pg-table-stats-databases", " app , db ");
    assertThat(two.config().pg().orElseThrow().tableStatsDatabases()).containsExactly("app", "db");
    AgentCommand all = new AgentCommand();
    new picocli.CommandLine(all)
        .parseArgs("--pg-url", "postgres://u@127.0.0.1:1/db", "--pg-table-stats-databases", "*");
    assertThat(all.config().pg().orElseThrow().tableStatsDatabases()).containsExactly("*");
  }
}
