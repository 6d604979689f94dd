package io.mantissa.backend.local;

import io.mantissa.api.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashSafetyIT}: appends batches in a loop, compacts now and then, and
 * prints {@code ACK <batch> <events>} after each acknowledged append, until it is killed.
 */
public final class CrashIngestMain {
  static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private CrashIngestMain() {}

  /** How many events batch {@code n} holds. */
  static int size(int n) {
    return 40 + (n % 7) * 25;
  }

  /** The events of batch {@code n}: ids {@code b<n>-<i>}, spread over two or three hours. */
  static List<Event> batch(int n) {
    int size = size(n);
    Instant start = BASE.plusSeconds(n * 1_800L);
    List<Event> events = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Event template = TestEvents.okta("b" + n + "-" + i, start.plusSeconds(i * 90L));
      java.util.Map<String, Object> raw = new java.util.LinkedHashMap<>(template.fields());
      raw.put("batch", n);
      events.add(new Event("okta", template.time(), template.id(), raw, template.normalized()));
    }
    return events;
  }

  /**
   * Runs until killed.
   *
   * @param args the data directory
   */
  public static void main(String[] args) {
    try (LocalEventStore store = LocalEventStore.open(Path.of(args[0]), Clock.systemUTC())) {
      for (int n = 0; ; n++) {
        List<Event> events = batch(n);
        store.append("okta", events);
        System.out.println("ACK " + n + " " + events.size());
        System.out.flush();
        if (n % 5 == 4) {
          store.compact();
        }
      }
    }
  }
}
