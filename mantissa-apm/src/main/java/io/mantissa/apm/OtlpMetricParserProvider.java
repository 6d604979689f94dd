package io.mantissa.apm;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.EventParserProvider;

/**
 * Source {@value ApmEvents#METRICS}: OTLP/JSON metric exports, one event per data point. Found
 * through {@link java.util.ServiceLoader}; it replaces the built-in parser of that source in {@code
 * SourceCatalog.load()}.
 */
public final class OtlpMetricParserProvider implements EventParserProvider {
  /** For {@link java.util.ServiceLoader}. */
  public OtlpMetricParserProvider() {}

  @Override
  public String name() {
    return ApmEvents.METRICS;
  }

  @Override
  public EventParser create(ProviderContext context) {
    return new OtlpMetricParser();
  }
}
