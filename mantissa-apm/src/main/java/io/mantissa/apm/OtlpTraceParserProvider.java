package io.mantissa.apm;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.EventParserProvider;

/**
 * Source {@value ApmEvents#TRACES}: OTLP/JSON trace exports, one event per span. Found through
 * {@link java.util.ServiceLoader}; it replaces the built-in "one span per record" parser of that
 * source in {@code SourceCatalog.load()} and still reads such records.
 */
public final class OtlpTraceParserProvider implements EventParserProvider {
  /** For {@link java.util.ServiceLoader}. */
  public OtlpTraceParserProvider() {}

  @Override
  public String name() {
    return ApmEvents.TRACES;
  }

  @Override
  public EventParser create(ProviderContext context) {
    return new OtlpTraceParser();
  }
}
