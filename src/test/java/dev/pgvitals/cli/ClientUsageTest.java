package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad client command lines: exit 2 with one line that says what is wrong, and no stack trace. */
class ClientUsageTest {

  static void assertUsageError(MainTest.Run r, String... fragments) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("pgvitals: ")
        .contains(fragments)
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void noNodesAtAllNamesTheThreeWaysToGiveThem() {
    // PGVITALS_NODES is not set in the test environment
    assertUsageError(MainTest.run("checks", "list"), "--nodes", "--app-host", "PGVITALS_NODES");
  }

  @Test
  void nodesAndAppHostTogetherAreRefused() {
    assertUsageError(
        MainTest.run("status", "--nodes", "a:1", "--app-host", "pg.internal"),
        "either --nodes or --app-host");
  }

  @Test
  void aBadAddressNamesTheAddress() {
    assertUsageError(
        MainTest.run("status", "--nodes", "10.0.0.1:99999"), "--nodes", "10.0.0.1:99999", "port");
    assertUsageError(MainTest.run("status", "--nodes", " , "), "--nodes", "no node addresses");
  }

  @Test
  void badDeadlineAndPortAreUsageErrors() {
    assertUsageError(
        MainTest.run("checks", "list", "--nodes", "a:1", "--deadline", "soon"),
        "--deadline",
        "soon");
    assertUsageError(
        MainTest.run("status", "--app-host", "x", "--port", "0"), "--port must be 1-65535");
  }

  @Test
  void aGroupWithoutItsSubcommandSaysWhichOneIsMissing() {
    assertUsageError(MainTest.run("checks"), "missing subcommand", "'pgvitals checks list'");
    assertUsageError(MainTest.run("vm"), "'pgvitals vm status'");
    assertUsageError(MainTest.run("users"), "'pgvitals users list'");
    assertUsageError(MainTest.run("db"), "'pgvitals db list'");
  }

  @Test
  void vmStatusNeedsAnId() {
    assertUsageError(MainTest.run("vm", "status", "--nodes", "a:1"), "ID");
  }

  @Test
  void aNameThatDoesNotResolveIsOneLineAndExit1() {
    MainTest.Run r =
        MainTest.run("status", "--app-host", "no-such-host.invalid", "--deadline", "3s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("pgvitals: cannot resolve no-such-host.invalid");
  }

  @Test
  void demoRejectsABadPortBaseAndMajor() {
    assertUsageError(MainTest.run("demo", "--port-base", "70000"), "--port-base");
    assertUsageError(
        MainTest.run("demo", "--major", "12"), "--major must be one of [13, 14, 15, 16, 17, 18]");
    assertUsageError(MainTest.run("demo", "--interval", "1ms"), "--interval");
  }
}
