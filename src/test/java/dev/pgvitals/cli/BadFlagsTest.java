package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad flag of the agent and of script mode: exit 2 and one line that names it, before
 * anything starts.
 */
class BadFlagsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "agent --pg-fast-interval 1ms        | --pg-fast-interval must be between 1s and 24h, was 1ms",
        "check --pg-fast-interval 1ms        | --pg-fast-interval must be between 1s and 24h, was 1ms",
        "agent --pg-stats-interval 48h       | --pg-stats-interval must be between 1s and 24h, was 48h",
        "agent --pg-sizes-interval 500ms     | --pg-sizes-interval must be between 1s and 24h, was 500ms",
        "agent --pg-exporter-names all      | Invalid value for option '--pg-exporter-names': 'all' is not both or seed",
        "agent --pg-table-stats-databases a,,b | --pg-table-stats-databases: an empty database name (between commas)",
        "check --pg-table-stats-databases a,b,a | --pg-table-stats-databases: a is named twice",
        "agent --pg-table-stats-databases app,* | --pg-table-stats-databases: * stands alone (every database the role may connect to), not in a list",
        "agent --pg-table-stats-databases d1,d2,d3,d4,d5,d6,d7,d8,d9,d10,d11 | --pg-table-stats-databases names 11 databases, at most 10 (a connection each)",
        "agent --host-interval 100ms         | --host-interval must be between 1s and 24h, was 100ms",
        "agent --pg-connect-timeout 600h     | --pg-connect-timeout must be between 100ms and 10m, was 600h",
        "agent --check-deadline 1ms          | --check-deadline must be between 100ms and 10m, was 1ms",
        "agent --healthcheck-log-interval 10ms | --healthcheck-log-interval must be between 1s and 24h, was 10ms",
        "agent --proc-root /nonexistent-root | --proc-root /nonexistent-root: no proc/ directory under it",
        "agent --web.max-connections 0       | --web.max-connections must be 1-100000, was 0",
        "agent --web.header-timeout 1ms      | --web.header-timeout must be between 100ms and 1h",
        "agent --web.config.file /nonexistent.yml | --web.config.file /nonexistent.yml: no such file",
        "agent --web.open-paths metrics      | --web.open-paths: 'metrics' is not a path (it must start with /)",
        "agent --web.open-paths /v1/users    | --web.open-paths: /v1/users always needs a credential",
        "chekc                               | unknown command 'chekc' (commands: agent, check, checks, status, vm, users, db, demo); did you mean 'check'?",
        "checks lst                          | unknown command 'lst' (commands: list); did you mean 'list'?",
        "postgres://u:pw123@h/db             | unknown command (not shown: it may hold a secret)",
      })
  void exitsTwoWithOneLineNamingTheFlag(String args, String expected) {
    MainTest.Run r = MainTest.run(args.trim().split("\\s+"));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("pgvitals: " + expected.trim());
    assertThat(r.err()).doesNotContain("pw123");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anEmptyTokenIsAnError() {
    MainTest.Run r = MainTest.run("agent", "--api-token", "");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo("pgvitals: --api-token is empty (leave it out, or give a token)\n");
  }

  @Test
  void aListenAddressInUseIsNamedAndExitsTwoBeforeStarting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      MainTest.Run r = MainTest.run("agent", "--listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .isEqualTo(
              "pgvitals: --listen 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": address already in use\n");
    }
  }
}
