package io.mantissa.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One log record: where it came from, when it happened, its native fields exactly as the vendor
 * wrote them, and its normalized (OCSF) fields.
 *
 * <p>The maps are trees of {@code Map<String, Object>}, {@code List<Object>}, strings, numbers,
 * booleans and nulls, as a JSON parser produces them. The event takes ownership of them: callers
 * must not change them afterwards. The top level is exposed read-only.
 *
 * <p>An event made by {@link #parsed} also carries the JSON text its native fields were read from
 * ({@link #rawJson()}), so that a store can write that text instead of serialising the fields
 * again. The text travels with the fields map itself: an event built from other fields has none. It
 * takes no part in equality, which compares the fields as maps. Likewise an event may carry the
 * JSON text of its normalized fields ({@link #normalizedJson()}), written while they were built, so
 * that a store need not walk them again; it travels with the normalized map.
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
    Objects.requireNonNull(fields, "fields");
    fields = fields instanceof RawJsonFields ? fields : Collections.unmodifiableMap(fields);
    Objects.requireNonNull(normalized, "normalized");
    normalized =
        normalized instanceof RawJsonFields ? normalized : Collections.unmodifiableMap(normalized);
  }

  /** An event with native fields only. */
  public static Event of(String source, Instant time, String id, Map<String, Object> fields) {
    return new Event(source, time, id, fields, Map.of());
  }

  /**
   * An event whose native fields were parsed from {@code rawJson}, one JSON object on one line.
   *
   * <p>The caller guarantees that {@code rawJson} is the JSON text of exactly {@code fields}: the
   * same keys in the same order, no key twice, the same values (whitespace, string escapes and the
   * spelling of finite numbers may differ, as they do not change the JSON value). Checked here: the
   * text is one object ({@code '{'} ... {@code '}'}, no surrounding whitespace) on one line (no
   * line feed or carriage return).
   *
   * @throws IllegalArgumentException when {@code rawJson} is not one object on one line
   */
  public static Event parsed(
      String source,
      Instant time,
      String id,
      Map<String, Object> fields,
      Map<String, Object> normalized,
      String rawJson) {
    return new Event(source, time, id, new RawJsonFields(fields, rawJson), normalized);
  }

  /**
   * Like {@link #parsed(String, Instant, String, Map, Map, String)}, and also carrying the JSON
   * text of the normalized fields. Either text may be {@code null}: that map then has none.
   *
   * <p>The caller guarantees that {@code normalizedJson}, when not {@code null}, is the JSON text
   * of exactly {@code normalized} (same keys in the same order, same values), one object on one
   * line, as for {@code rawJson}; a store may write it instead of serialising the map.
   *
   * @throws IllegalArgumentException when a text is not one object on one line
   */
  public static Event parsed(
      String source,
      Instant time,
      String id,
      Map<String, Object> fields,
      Map<String, Object> normalized,
      String rawJson,
      String normalizedJson) {
    return new Event(
        source,
        time,
        id,
        rawJson == null ? fields : new RawJsonFields(fields, rawJson),
        normalizedJson == null ? normalized : new RawJsonFields(normalized, normalizedJson));
  }

  /**
   * The JSON text of the normalized fields, when the event was made by {@link #parsed(String,
   * Instant, String, Map, Map, String, String)} with one; its JSON value equals {@link
   * #normalized()}.
   */
  public Optional<String> normalizedJson() {
    return normalized instanceof RawJsonFields json ? Optional.of(json.json()) : Optional.empty();
  }

  /**
   * The JSON text the native fields were parsed from, when the event was made by {@link #parsed};
   * its JSON value equals {@link #fields()}.
   */
  public Optional<String> rawJson() {
    return fields instanceof RawJsonFields raw ? Optional.of(raw.json()) : Optional.empty();
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
