package io.mantissa.backend.local;

import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.testkit.EventStoreConformance;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The local lake's event store against the testkit's {@link EventStoreConformance}. */
class LocalEventStoreConformanceTest extends EventStoreConformance {
  @TempDir Path dir;

  @Override
  protected EventStore newEventStore() {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir).build();
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-05T00:00:00Z"));
    return new LocalEventStoreProvider().create(new ProviderContext(config, clock, Map.of()));
  }
}
