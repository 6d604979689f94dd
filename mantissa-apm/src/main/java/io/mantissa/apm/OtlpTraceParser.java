package io.mantissa.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser of source {@value ApmEvents#TRACES}: a record is an OTLP/JSON {@code
 * ExportTraceServiceRequest} (one per line, or a whole pretty-printed document), and each of its
 * spans becomes one event ({@link ApmEvents#of(Span)}). A record that is a single OTLP/JSON span
 * object (with {@code traceId} and {@code startTimeUnixNano} at the top, and optionally {@code
 * resource.attributes}) is one event too, as the built-in "one span per record" source read it. Bad
 * records are rejected with the place and the reason; nothing is thrown.
 */
final class OtlpTraceParser implements EventParser {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpTraceParser.class);

  @Override
  public String source() {
    return ApmEvents.TRACES;
  }

  @Override
  public ParseResult parse(String record, SourceLocation location) {
    try {
      JsonNode root = OtlpJson.read(record);
      List<Span> spans;
      if (OtlpJson.field(root, "resourceSpans") == null
          && OtlpJson.field(root, "traceId") != null) {
        JsonNode r = root.get("resource");
        Map<String, Object> resource =
            r != null && r.isObject()
                ? OtlpJson.attributes(r.get("attributes"), "resource.attributes")
                : Map.of();
        spans = List.of(OtlpJson.span(root, "span", resource, null));
      } else {
        spans = OtlpJson.traces(root);
      }
      List<Event> events = ApmEvents.ofSpans(spans);
      return new ParseResult.Parsed(events);
    } catch (MantissaException e) {
      return new ParseResult.Rejected(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("unexpected failure decoding OTLP traces at {}", location, e);
      return new ParseResult.Rejected("cannot decode the OTLP/JSON traces: " + e);
    }
  }
}
