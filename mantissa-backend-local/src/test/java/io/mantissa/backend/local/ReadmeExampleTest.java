package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryBackendProvider;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.spi.storage.EventStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example of README.md, verbatim apart from the data directory: it must work. */
class ReadmeExampleTest {

  @Test
  void theReadmeExampleWorks(@TempDir Path dir) {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir).build();
    QueryResult result;
    try (EventStore lake =
            ProviderRegistry.load(EventStoreProvider.class)
                .get("local")
                .create(ProviderContext.of(config, "local"));
        QueryBackend sql =
            ProviderRegistry.load(QueryBackendProvider.class)
                .get("local")
                .create(ProviderContext.of(config, "local"))) {
      lake.append(
          "okta",
          List.of(
              Event.of("okta", Instant.now(), "evt-1", Map.of("eventType", "user.session.start"))));
      result =
          sql.execute(
              QueryRequest.of(
                  "SELECT count(*) FROM okta", TimeRange.last(Duration.ofHours(1), Instant.now())));
    }

    assertThat(result.rows()).containsExactly(List.of(1L));
  }
}
