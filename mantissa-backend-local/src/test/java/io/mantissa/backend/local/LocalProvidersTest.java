package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryBackendProvider;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.SqlDialect;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.spi.storage.EventStoreProvider;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both providers are found by name through the registry and share {@code {dataDir}/lake}. */
class LocalProvidersTest {
  @TempDir Path dir;

  @Test
  void providersAreFoundAsLocalAndShareTheLake() {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir).build();
    try (EventStore store =
            ProviderRegistry.load(EventStoreProvider.class)
                .get("local")
                .create(ProviderContext.of(config, "local"));
        QueryBackend backend =
            ProviderRegistry.load(QueryBackendProvider.class)
                .get("local")
                .create(ProviderContext.of(config, "local"))) {
      store.append("okta", List.of(TestEvents.okta("a", Instant.parse("2026-11-25T10:00:00Z"))));

      assertThat(backend.dialect()).isEqualTo(SqlDialect.DUCKDB);
      assertThat(backend.execute(QueryRequest.of("SELECT id FROM okta", TimeRange.all())).rows())
          .containsExactly(List.of("a"));
      assertThat(dir.resolve("lake/okta")).isDirectory();
    }
  }
}
