package io.mantissa.nlq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A least-recently-used cache with a size bound, an optional time to live and hit counts. */
final class BoundedCache<K, V> {
  private record Entry<V>(V value, Instant expires) {}

  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final Map<K, Entry<V>> map;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  BoundedCache(int capacity, Duration ttl, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be at least 1");
    }
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > BoundedCache.this.capacity;
          }
        };
  }

  synchronized Optional<V> get(K key) {
    Entry<V> e = map.get(key);
    if (e != null && (e.expires() == null || clock.instant().isBefore(e.expires()))) {
      hits.incrementAndGet();
      return Optional.of(e.value());
    }
    if (e != null) {
      map.remove(key);
    }
    misses.incrementAndGet();
    return Optional.empty();
  }

  synchronized void put(K key, V value) {
    map.put(key, new Entry<>(value, ttl == null ? null : clock.instant().plus(ttl)));
  }

  long hits() {
    return hits.get();
  }

  long misses() {
    return misses.get();
  }
}
