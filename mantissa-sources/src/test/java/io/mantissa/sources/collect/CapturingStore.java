package io.mantissa.sources.collect;

import io.mantissa.api.Event;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.spi.storage.AppendResult;
import io.mantissa.spi.storage.DeadLetterStore;
import io.mantissa.spi.storage.EventStore;
import java.util.List;
import java.util.Set;

/** A real local lake that also keeps every appended event in a list shared across restarts. */
final class CapturingStore implements EventStore {
  final LocalEventStore lake;
  final List<Event> appended;

  CapturingStore(LocalEventStore lake, List<Event> appended) {
    this.lake = lake;
    this.appended = appended;
  }

  /** The ids of the appended events, in order. */
  List<String> ids() {
    return appended.stream().map(Event::id).toList();
  }

  @Override
  public AppendResult append(String source, List<Event> events) {
    AppendResult r = lake.append(source, events);
    appended.addAll(events);
    return r;
  }

  @Override
  public long compact() {
    return lake.compact();
  }

  @Override
  public Set<String> sources() {
    return lake.sources();
  }

  @Override
  public DeadLetterStore deadLetters() {
    return lake.deadLetters();
  }

  @Override
  public void close() {
    lake.close();
  }
}
