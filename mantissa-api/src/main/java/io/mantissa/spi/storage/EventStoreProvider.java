package io.mantissa.spi.storage;

import io.mantissa.spi.Provider;

/** Creates {@link EventStore}s; registered under a name such as {@code "local"}. */
public interface EventStoreProvider extends Provider<EventStore> {}
