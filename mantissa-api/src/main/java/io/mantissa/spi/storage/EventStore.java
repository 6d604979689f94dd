package io.mantissa.spi.storage;

import io.mantissa.api.Event;
import java.util.List;
import java.util.Set;

/**
 * Writes events to the lake. A batch is acknowledged only once it is durable: when {@link #append}
 * returns, every event in it survives a crash and becomes visible to queries; a batch that was not
 * acknowledged is either wholly visible or not visible at all, never in part.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Durably appends one batch of events of one source.
   *
   * @param source the source id every event in the batch belongs to
   * @param events the events, possibly spanning several hours
   * @return what was written
   * @throws io.mantissa.api.MantissaException with {@code STORAGE_FAILURE} when nothing was written
   */
  AppendResult append(String source, List<Event> events);

  /**
   * Rewrites what was appended into the store's read-optimised form (Parquet, for the local lake).
   * Idempotent and safe to run concurrently with appends and queries.
   *
   * @return the number of events compacted
   */
  long compact();

  /** The source ids that have data. */
  Set<String> sources();

  /** Where rejected input is kept. */
  DeadLetterStore deadLetters();

  /** Releases resources. Appends after close fail. */
  @Override
  void close();
}
