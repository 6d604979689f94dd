package io.mantissa.spi.state;

import io.mantissa.spi.Provider;

/** Creates {@link StateStore}s; registered under a name such as {@code "local"}. */
public interface StateStoreProvider extends Provider<StateStore> {}
