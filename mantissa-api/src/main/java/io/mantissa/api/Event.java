package io.mantissa.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One log record: where it came from, when it happened, its native fields exactly as the vendor
 * wrote them, and its normalized (OCSF) fields.
 *
 * <p>The maps are trees of {@code Map<String, Object>}, {@code List<Object>}, strings, numbers,
 * booleans and nulls, as a JSON parser produces them. The event takes ownership of them: callers
 * must not change them afterwards. The top level is exposed read-only.
 *
 * @param source the source id, see {@link SourceIds}
 * @param time when the event happened (event time, not ingest time)
 * @param id a stable id: the vendor's event id when it has one, else a content hash
 * @param fields the native fields
 * @param normalized the OCSF fields ({@code class_uid}, {@code actor.user.name}, ...), possibly
 *     empty
 */
public record Event(
    String source,
    Instant time,
    String id,
    Map<String, Object> fields,
    Map<String, Object> normalized) {

  /** Validates the event and wraps its maps read-only. */
  public Event {
    SourceIds.require(source);
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("event id must not be empty");
    }
    fields = Collections.unmodifiableMap(Objects.requireNonNull(fields, "fields"));
    normalized = Collections.unmodifiableMap(Objects.requireNonNull(normalized, "normalized"));
  }

  /** An event with native fields only. */
  public static Event of(String source, Instant time, String id, Map<String, Object> fields) {
    return new Event(source, time, id, fields, Map.of());
  }

  /** The native field at {@code path}, or {@code null} when absent. */
  public Object field(FieldPath path) {
    return path.lookup(fields);
  }

  /** The normalized field at {@code path}, or {@code null} when absent. */
  public Object normalizedField(FieldPath path) {
    return path.lookup(normalized);
  }
}
