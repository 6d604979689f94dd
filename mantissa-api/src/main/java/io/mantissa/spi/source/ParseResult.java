package io.mantissa.spi.source;

import io.mantissa.api.Event;
import java.util.List;
import java.util.Objects;

/** The outcome of parsing one raw record: events, or the reason it was rejected. */
public sealed interface ParseResult {

  /**
   * The record yielded events (a wrapper such as {@code {"Records":[...]}} yields several).
   *
   * @param events the events
   */
  record Parsed(List<Event> events) implements ParseResult {
    /** Copies the events. */
    public Parsed {
      events = List.copyOf(events);
    }
  }

  /**
   * The record was rejected.
   *
   * @param reason what is wrong with it
   */
  record Rejected(String reason) implements ParseResult {
    /** Validates. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
