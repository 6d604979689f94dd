package io.mantissa.testkit;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceIds;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.storage.AppendResult;
import io.mantissa.spi.storage.DeadLetterStore;
import io.mantissa.spi.storage.EventStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link EventStore} in memory, for tests of ingest and detection code that writes events. It
 * passes {@link EventStoreConformance}.
 *
 * <p>It has <b>no SQL</b>: there is no {@link io.mantissa.spi.query.QueryBackend} over it, so it
 * cannot pass {@link LakeConformance}. Tests read what was written with {@link #events(String)} and
 * {@link #events(String, TimeRange)}. Like the local lake, an append reports one "file" per hour of
 * event time; its byte count is the UTF-8 length of the events' string forms, a stand-in for a real
 * size. {@link #compact()} only counts the events appended since the last compaction. Dead letters
 * go to an {@link InMemoryDeadLetterStore}. Thread-safe; nothing is persisted.
 */
public final class InMemoryEventStore implements EventStore {
  private final Map<String, List<Event>> bySource = new LinkedHashMap<>();
  private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
  private long uncompacted;
  private boolean closed;

  /** An empty store. */
  public InMemoryEventStore() {}

  @Override
  public synchronized AppendResult append(String source, List<Event> events) {
    ensureOpen();
    SourceIds.require(source);
    Objects.requireNonNull(events, "events");
    Set<Instant> hours = new HashSet<>();
    long bytes = 0;
    for (int i = 0; i < events.size(); i++) {
      Event event = Objects.requireNonNull(events.get(i), "event");
      if (!source.equals(event.source())) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "event at index "
                + i
                + " has source '"
                + event.source()
                + "' but the batch is for source '"
                + source
                + "'");
      }
      hours.add(event.time().truncatedTo(ChronoUnit.HOURS));
      bytes += event.toString().getBytes(StandardCharsets.UTF_8).length;
    }
    if (events.isEmpty()) {
      return new AppendResult(0, 0, 0);
    }
    bySource.computeIfAbsent(source, s -> new ArrayList<>()).addAll(events);
    uncompacted += events.size();
    return new AppendResult(events.size(), hours.size(), bytes);
  }

  @Override
  public synchronized long compact() {
    ensureOpen();
    long compacted = uncompacted;
    uncompacted = 0;
    return compacted;
  }

  @Override
  public synchronized Set<String> sources() {
    return new TreeSet<>(bySource.keySet());
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  /** The dead-letter store, typed for its {@link InMemoryDeadLetterStore#all()} accessor. */
  public InMemoryDeadLetterStore inMemoryDeadLetters() {
    return deadLetters;
  }

  /** Every event appended for {@code source}, in append order. */
  public synchronized List<Event> events(String source) {
    return List.copyOf(bySource.getOrDefault(source, List.of()));
  }

  /** The events of {@code source} whose time lies in {@code range}, in append order. */
  public synchronized List<Event> events(String source, TimeRange range) {
    return bySource.getOrDefault(source, List.of()).stream()
        .filter(e -> range.contains(e.time()))
        .toList();
  }

  /** Appends fail after close. */
  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "event store is closed");
    }
  }
}
