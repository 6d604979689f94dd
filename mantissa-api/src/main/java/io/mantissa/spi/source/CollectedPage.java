package io.mantissa.spi.source;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.Event;
import java.util.List;
import java.util.Objects;

/**
 * One page fetched by a {@link LogCollector}.
 *
 * @param events the events of the page
 * @param rejected records of the page that could not be parsed
 * @param checkpoint where to resume after this page
 * @param hasMore whether another page is ready now
 */
public record CollectedPage(
    List<Event> events, List<DeadLetter> rejected, String checkpoint, boolean hasMore) {

  /** Validates and copies. */
  public CollectedPage {
    events = List.copyOf(events);
    rejected = List.copyOf(rejected);
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
