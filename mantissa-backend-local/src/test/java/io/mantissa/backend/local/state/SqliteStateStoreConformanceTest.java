package io.mantissa.backend.local.state;

import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.StateStoreConformance;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreConformanceTest extends StateStoreConformance {
  @TempDir Path dir;

  @Override
  protected StateStore newStore(Clock clock) {
    return SqliteStateStore.open(dir.resolve("state.db"), clock);
  }
}
