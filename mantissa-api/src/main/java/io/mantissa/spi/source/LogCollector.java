package io.mantissa.spi.source;

import java.util.Optional;

/**
 * Pulls events from a vendor API, resuming from a checkpoint. The caller stores the checkpoint of
 * each page only after the page's events are durable, so a restart never loses or repeats a page.
 */
public interface LogCollector {

  /** The source id this collector produces events for. */
  String source();

  /**
   * Fetches the next page after {@code checkpoint} (empty on the first run).
   *
   * @return the events and the checkpoint to resume from after them
   */
  CollectedPage poll(Optional<String> checkpoint);
}
