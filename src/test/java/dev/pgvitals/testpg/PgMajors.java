package dev.pgvitals.testpg;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Source for a {@code @ParameterizedTest} that runs once per major in {@code -Dpg.majors} (default
 * 13,18). The first parameter may be an {@code int} (the major) or a {@link PgCluster} (the
 * {@linkplain PgClusters#shared(int) shared cluster} of that major, started when its turn comes):
 *
 * <pre>{@code
 * @ParameterizedTest(name = "PG {0}")
 * @PgMajors
 * void replicaStreams(PgCluster pg) { ... }
 * }</pre>
 *
 * <p>When such a test fails, {@link PgLogOnFailure} prints the servers' log tails.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(PgMajors.Provider.class)
@ExtendWith(PgLogOnFailure.class)
public @interface PgMajors {

  /**
   * Supplies the majors, or their shared clusters when the first parameter is a {@link PgCluster}.
   */
  final class Provider implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(
        ParameterDeclarations parameters, ExtensionContext context) {
      boolean wantsCluster =
          parameters.getFirst().map(p -> p.getParameterType() == PgCluster.class).orElse(false);
      // JUnit pulls this stream one invocation at a time, so each shared cluster starts (or is
      // restored) right before the invocations of its major run.
      return PgVersions.majorsUnderTest().stream()
          .map(
              major ->
                  wantsCluster
                      ? Arguments.of(Named.of("PostgreSQL " + major, PgClusters.shared(major)))
                      : Arguments.of(major));
    }
  }
}
