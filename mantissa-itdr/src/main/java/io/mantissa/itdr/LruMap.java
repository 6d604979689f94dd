package io.mantissa.itdr;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** A map with a size cap that drops the least recently used key. Not thread-safe. */
final class LruMap<K, V> {
  private final int cap;
  private final LinkedHashMap<K, V> map = new LinkedHashMap<>(16, 0.75f, true);

  LruMap(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1");
    }
    this.cap = cap;
  }

  /** The value under {@code key}, created when absent (which may drop the eldest key). */
  V computeIfAbsent(K key, Supplier<V> create) {
    V v = map.get(key);
    if (v == null) {
      v = create.get();
      map.put(key, v);
      if (map.size() > cap) {
        Iterator<Map.Entry<K, V>> it = map.entrySet().iterator();
        it.next();
        it.remove();
      }
    }
    return v;
  }

  V get(K key) {
    return map.get(key);
  }

  void remove(K key) {
    map.remove(key);
  }

  int size() {
    return map.size();
  }

  /** The size cap. */
  int cap() {
    return cap;
  }

  /** The largest {@code measure} over the values held, 0 when empty. */
  int largest(ToIntFunction<? super V> measure) {
    int max = 0;
    for (V v : map.values()) {
      max = Math.max(max, measure.applyAsInt(v));
    }
    return max;
  }
}
