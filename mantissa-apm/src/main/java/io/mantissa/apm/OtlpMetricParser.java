package io.mantissa.apm;

import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser of source {@value ApmEvents#METRICS}: a record is an OTLP/JSON {@code
 * ExportMetricsServiceRequest}, and each of its data points becomes one event ({@link
 * ApmEvents#of(MetricPoint)}). Bad records are rejected with the place and the reason; nothing is
 * thrown.
 */
final class OtlpMetricParser implements EventParser {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpMetricParser.class);

  @Override
  public String source() {
    return ApmEvents.METRICS;
  }

  @Override
  public ParseResult parse(String record, SourceLocation location) {
    try {
      return new ParseResult.Parsed(ApmEvents.ofPoints(OtlpJson.metrics(record)));
    } catch (MantissaException e) {
      return new ParseResult.Rejected(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("unexpected failure decoding OTLP metrics at {}", location, e);
      return new ParseResult.Rejected("cannot decode the OTLP/JSON metrics: " + e);
    }
  }
}
