package io.mantissa.spi.source;

import io.mantissa.spi.Provider;

/** Creates {@link EventParser}s; the provider name is the source id it parses. */
public interface EventParserProvider extends Provider<EventParser> {}
