package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the records of an API page into events through the source's {@link EventParser} — the same
 * parser files go through — and the records it rejects into dead letters.
 */
final class PageRecords {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The events and rejected records of one page. */
  record Parsed(List<Event> events, List<DeadLetter> rejected) {}

  private PageRecords() {}

  /** Reads a response body as JSON, or fails with {@code REMOTE_FAILURE}. */
  static JsonNode body(String provider, String origin, String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          provider + ": " + origin + ": the response is not JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Parses each element of {@code records} (a JSON array) as one record; {@code origin} names the
   * page in dead letters and the element's index (from 1) is the line.
   */
  static Parsed parse(EventParser parser, JsonNode records, String origin, Instant receivedAt) {
    List<Event> events = new ArrayList<>();
    List<DeadLetter> rejected = new ArrayList<>();
    int line = 0;
    for (JsonNode record : records) {
      line++;
      String text;
      try {
        text = JSON.writeValueAsString(record);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a JSON tree that cannot be written", e);
      }
      SourceLocation where = SourceLocation.line(origin, line);
      ParseResult result;
      try {
        result = parser.parse(text, where);
      } catch (RuntimeException e) {
        result = new ParseResult.Rejected("parser failed: " + e);
      }
      if (result instanceof ParseResult.Parsed p) {
        events.addAll(p.events());
      } else if (result instanceof ParseResult.Rejected r) {
        rejected.add(new DeadLetter(parser.source(), where, r.reason(), text, receivedAt));
      }
    }
    return new Parsed(events, rejected);
  }
}
