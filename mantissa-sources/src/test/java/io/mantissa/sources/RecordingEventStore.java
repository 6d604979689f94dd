package io.mantissa.sources;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.Event;
import io.mantissa.spi.storage.AppendResult;
import io.mantissa.spi.storage.DeadLetterStore;
import io.mantissa.spi.storage.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** An in-memory event store that records every batch and dead letter it is given. */
final class RecordingEventStore implements EventStore {
  final List<List<Event>> batches = new ArrayList<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();

  @Override
  public AppendResult append(String source, List<Event> events) {
    for (Event e : events) {
      if (!e.source().equals(source)) {
        throw new IllegalArgumentException("event of " + e.source() + " in a batch of " + source);
      }
    }
    batches.add(List.copyOf(events));
    return new AppendResult(events.size(), 1, 0);
  }

  List<Event> events() {
    return batches.stream().flatMap(List::stream).toList();
  }

  @Override
  public long compact() {
    return 0;
  }

  @Override
  public Set<String> sources() {
    Set<String> sources = new TreeSet<>();
    events().forEach(e -> sources.add(e.source()));
    return sources;
  }

  @Override
  public DeadLetterStore deadLetters() {
    return new DeadLetterStore() {
      @Override
      public void put(List<DeadLetter> records) {
        deadLetters.addAll(records);
      }

      @Override
      public List<DeadLetter> list(String source, int limit) {
        List<DeadLetter> out = new ArrayList<>();
        for (int i = deadLetters.size() - 1; i >= 0 && out.size() < limit; i--) {
          if (deadLetters.get(i).source().equals(source)) {
            out.add(deadLetters.get(i));
          }
        }
        return out;
      }
    };
  }

  @Override
  public void close() {}
}
