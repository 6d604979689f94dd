package io.mantissa.testkit;

import io.mantissa.spi.state.StateStore;
import java.time.Clock;

class InMemoryStateStoreConformanceTest extends StateStoreConformance {
  @Override
  protected StateStore newStore(Clock clock) {
    return new InMemoryStateStore(clock);
  }
}
