package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

  private EventStore storeWith(Map<String, String> settings) {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir).build();
    return new LocalEventStoreProvider()
        .create(new ProviderContext(config, Clock.systemUTC(), settings));
  }

  private List<String> rawFileNames() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("lake/okta/raw"))) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void compressionIsZstdLevelOneByDefaultAndGzipOnRequest() throws Exception {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    try (EventStore store = storeWith(Map.of())) {
      assertThat(((LocalEventStore) store).compression()).isEqualTo(RawCompression.zstd(1));
      store.append("okta", List.of(TestEvents.okta("z", t)));
    }
    try (EventStore store = storeWith(Map.of("compression", "GZIP", "compression-level", "6"))) {
      assertThat(((LocalEventStore) store).compression()).isEqualTo(RawCompression.gzip(6));
      store.append("okta", List.of(TestEvents.okta("g", t)));
    }
    try (EventStore store = storeWith(Map.of("gzip-level", "1"))) { // the older setting
      assertThat(((LocalEventStore) store).compression()).isEqualTo(RawCompression.gzip(1));
    }
    try (EventStore store = storeWith(Map.of("compression", "zstd", "compression-level", "3"))) {
      assertThat(((LocalEventStore) store).compression()).isEqualTo(RawCompression.zstd(3));
    }

    assertThat(rawFileNames())
        .hasSize(2)
        .anyMatch(n -> n.endsWith(".ndjson.zst"))
        .anyMatch(n -> n.endsWith(".ndjson.gz"));
  }

  @Test
  void badCompressionSettingsAreConfigErrorsThatSayWhatIsAllowed() {
    for (Map<String, String> bad :
        List.of(
            Map.of("compression", "lz4"),
            Map.of("compression", "gzip", "compression-level", "10"),
            Map.of("compression", "zstd", "compression-level", "0"),
            Map.of("compression", "zstd", "compression-level", "23"),
            Map.of("compression-level", "fast"),
            Map.of("compression", "zstd", "gzip-level", "2"),
            Map.of("gzip-level", "2", "compression-level", "2"))) {
      assertThatThrownBy(() -> storeWith(bad))
          .as("%s", bad)
          .isInstanceOfSatisfying(
              MantissaException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
          .hasMessageContaining("mantissa.providers.local.");
    }
    assertThat(dir.resolve("lake/okta")).doesNotExist();
  }
}
