package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DataPathTest {

  @Test
  void aConfiguredPathIsUsedExactlyAsGiven() {
    assertThat(DataPath.choose("/var/lib/postgresql/data/", Optional.of("/pg"), p -> true))
        .isEqualTo("/var/lib/postgresql/data/");
    assertThat(DataPath.choose("relative//dir", Optional.empty(), p -> false))
        .isEqualTo("relative//dir");
  }

  @Test
  void dataWithTrailingSlashWhenItExists() {
    assertThat(DataPath.choose(null, Optional.of("/pg"), "/data/"::equals)).isEqualTo("/data/");
    assertThat(DataPath.choose("  ", Optional.empty(), "/data/"::equals)).isEqualTo("/data/");
  }

  @Test
  void postgresDataDirectoryWhenDataIsMissing() {
    assertThat(DataPath.choose(null, Optional.of("/var/lib/postgresql/16/main"), p -> false))
        .isEqualTo("/var/lib/postgresql/16/main");
  }

  @Test
  void rootWhenNothingIsKnown() {
    assertThat(DataPath.choose(null, Optional.empty(), p -> false)).isEqualTo("/");
    assertThat(DataPath.choose(null, Optional.of(""), p -> false)).isEqualTo("/");
  }

  @Test
  void theSupplierPicksUpTheDataDirectoryOnceKnown() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        new java.io.File("/data/").isDirectory(), "this machine has /data/");
    AtomicReference<Optional<String>> dir = new AtomicReference<>(Optional.empty());
    Supplier<String> s = DataPath.supplier(null, dir::get);
    assertThat(s.get()).isEqualTo("/");
    dir.set(Optional.of("/srv/pg"));
    assertThat(s.get()).isEqualTo("/srv/pg");
    assertThat(DataPath.supplier("/x/", dir::get).get()).isEqualTo("/x/");
  }
}
