package io.mantissa.spi.source;

import io.mantissa.spi.Provider;

/** Creates {@link LogCollector}s; the provider name is the source id it collects. */
public interface LogCollectorProvider extends Provider<LogCollector> {}
