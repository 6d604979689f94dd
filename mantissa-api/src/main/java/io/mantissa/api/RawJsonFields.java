package io.mantissa.api;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The read-only native (or normalized) fields of an {@link Event} together with the one-line JSON
 * object text they were parsed from or written as (see {@link Event#parsed}). Equality and hash
 * code are those of the fields map.
 */
final class RawJsonFields extends AbstractMap<String, Object> {
  /**
   * The map as given: lookups read it directly (one indirection less on every field read),
   * iteration goes through a read-only view of it.
   */
  private final Map<String, Object> fields;

  private final String json;

  RawJsonFields(Map<String, Object> fields, String json) {
    this.fields = Objects.requireNonNull(fields, "fields");
    this.json = Objects.requireNonNull(json, "rawJson");
    int last = json.length() - 1;
    if (last < 1 || json.charAt(0) != '{' || json.charAt(last) != '}') {
      throw new IllegalArgumentException("raw JSON must be one object from '{' to '}'");
    }
    if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("raw JSON must be on one line");
    }
  }

  /** The JSON text. */
  String json() {
    return json;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Collections.unmodifiableMap(fields).entrySet();
  }

  @Override
  public Collection<Object> values() {
    return Collections.unmodifiableCollection(fields.values());
  }

  @Override
  public int size() {
    return fields.size();
  }

  @Override
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return fields.containsKey(key);
  }

  @Override
  public Object get(Object key) {
    return fields.get(key);
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    fields.forEach(action);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || fields.equals(o);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
