package io.mantissa.sources;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A mutable map in insertion order on one array of keys and values (and one of the keys' hash
 * codes), for the small maps of the normalized (OCSF) tree that every event gets and of parsed
 * native fields ({@link #forReading}): a handful of keys per level, looked up by a linear scan of
 * their hash codes (native maps: of the keys by identity first). Building one costs no table of
 * buckets and no entry nodes, and walking it ({@link #forEach}, what the store's writer does) reads
 * one array. It behaves like a {@link java.util.LinkedHashMap} in insertion order: replacing a
 * value keeps the key's place; {@code null} keys are refused.
 */
final class SmallMap extends AbstractMap<String, Object> {
  /**
   * The most keys for which parsers use a {@code SmallMap} (larger maps are hash maps, so that
   * lookups in them stay hashed).
   */
  static final int LIMIT = 32;

  /** Key {@code i} at {@code 2i}, its value at {@code 2i + 1}: one array for a walk to read. */
  private Object[] table;

  private int[] hashes;
  private int size;

  /** Whether lookups try identity first (see {@link #forReading}). */
  private final boolean identityFirst;

  private int modifications;

  SmallMap() {
    this(8);
  }

  SmallMap(int capacity) {
    this(capacity, false);
  }

  private SmallMap(int capacity, boolean identityFirst) {
    table = new Object[2 * capacity];
    hashes = new int[capacity];
    this.identityFirst = identityFirst;
  }

  /**
   * A map for an event's native fields, read long after it is built (by detection, over many
   * events): its lookups try the keys by identity before their hash codes. The parser interns the
   * keys it reads and so are the keys readers look up, so a lookup that finds its key then reads
   * this map's table alone, not the array of hash codes as well: one cache miss less per map on
   * events that are no longer in the processor's caches. A lookup of an absent key costs both
   * passes, which is why maps still being built (the OCSF tree) do not do this.
   */
  static SmallMap forReading(int capacity) {
    return new SmallMap(capacity, true);
  }

  private int indexOf(Object key) {
    if (!(key instanceof String)) {
      return -1;
    }
    int h = key.hashCode(); // cached in the string: the keys are mostly constants
    int[] hs = hashes;
    Object[] t = table;
    for (int i = 0; i < size; i++) {
      if (hs[i] == h && (t[2 * i] == key || t[2 * i].equals(key))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * A copy of this map with the same capacity, in which every value that is a {@code SmallMap} is
   * itself copied (other values are shared): for the fixed start of OCSF trees.
   */
  SmallMap copyTree() {
    SmallMap copy = new SmallMap(table.clone(), hashes.clone(), size, identityFirst);
    Object[] t = copy.table;
    for (int i = 1; i < 2 * size; i += 2) {
      if (t[i] instanceof SmallMap nested) {
        t[i] = nested.copyTree();
      }
    }
    return copy;
  }

  private SmallMap(Object[] table, int[] hashes, int size, boolean identityFirst) {
    this.table = table;
    this.hashes = hashes;
    this.size = size;
    this.identityFirst = identityFirst;
  }

  /** The key at position {@code i} (insertion order), for a walk without a visitor. */
  String keyAt(int i) {
    return (String) table[2 * i];
  }

  /** The value at position {@code i} (insertion order). */
  Object valueAt(int i) {
    return table[2 * i + 1];
  }

  /** {@link #indexOf}, for a map {@link #forReading} by identity first. */
  private int find(Object key) {
    if (identityFirst) {
      Object[] t = table;
      for (int i = 0, n = 2 * size; i < n; i += 2) {
        if (t[i] == key) {
          return i >> 1;
        }
      }
    }
    return indexOf(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return find(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = find(key);
    return i < 0 ? null : table[2 * i + 1];
  }

  @Override
  public Object put(String key, Object value) {
    Objects.requireNonNull(key, "key");
    int i = indexOf(key);
    if (i >= 0) {
      Object old = table[2 * i + 1];
      table[2 * i + 1] = value;
      return old;
    }
    if (size == hashes.length) {
      int capacity = Math.max(4, size * 2);
      table = Arrays.copyOf(table, 2 * capacity);
      hashes = Arrays.copyOf(hashes, capacity);
    }
    table[2 * size] = key;
    table[2 * size + 1] = value;
    hashes[size] = key.hashCode();
    size++;
    modifications++;
    return null;
  }

  @Override
  public Object remove(Object key) {
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    Object old = table[2 * i + 1];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    System.arraycopy(table, 2 * i + 2, table, 2 * i, 2 * (size - i - 1));
    System.arraycopy(hashes, i + 1, hashes, i, size - i - 1);
    size--;
    table[2 * size] = null;
    table[2 * size + 1] = null;
    modifications++;
  }

  @Override
  public void clear() {
    Arrays.fill(table, 0, 2 * size, null);
    size = 0;
    modifications++;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    int expected = modifications;
    for (int i = 0; i < size; i++) {
      action.accept((String) table[2 * i], table[2 * i + 1]);
      if (modifications != expected) {
        throw new ConcurrentModificationException();
      }
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;
          private int last = -1;
          private int expected = modifications;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (modifications != expected) {
              throw new ConcurrentModificationException();
            }
            if (next >= size) {
              throw new NoSuchElementException();
            }
            last = next++;
            int at = last;
            return new SimpleEntry<>((String) table[2 * at], table[2 * at + 1]) {
              private static final long serialVersionUID = 1L;

              @Override
              public Object setValue(Object value) {
                table[2 * at + 1] = value;
                return super.setValue(value);
              }
            };
          }

          @Override
          public void remove() {
            if (last < 0) {
              throw new IllegalStateException();
            }
            if (modifications != expected) {
              throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modifications;
          }
        };
      }
    };
  }
}
