package io.mantissa.testkit;

import io.mantissa.spi.storage.EventStore;

class InMemoryEventStoreConformanceTest extends EventStoreConformance {
  @Override
  protected EventStore newEventStore() {
    return new InMemoryEventStore();
  }
}
