package io.mantissa.spi.query;

import io.mantissa.spi.Provider;

/** Creates {@link QueryBackend}s; registered under a name such as {@code "local"}. */
public interface QueryBackendProvider extends Provider<QueryBackend> {}
