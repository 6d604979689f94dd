package io.mantissa.sources;

import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to read the JSON records of one log source: where its event time and its vendor event id are,
 * and which wrapper keys hold several records in one document.
 *
 * @param id the source id, such as {@code okta}
 * @param description what the source is, for people
 * @param timePaths the native fields holding the event time, tried in order (the first present
 *     wins); never empty
 * @param idPaths the native fields holding the vendor's event id, tried in order; empty when the
 *     vendor has none, in which case a content hash is used
 * @param wrapperKeys keys of a top-level array that holds several records in one document (such as
 *     CloudTrail's {@code Records}); possibly empty
 */
public record SourceSpec(
    String id,
    String description,
    List<FieldPath> timePaths,
    List<FieldPath> idPaths,
    List<String> wrapperKeys) {

  /** Validates and copies. */
  public SourceSpec {
    SourceIds.require(id);
    Objects.requireNonNull(description, "description");
    timePaths = List.copyOf(timePaths);
    idPaths = List.copyOf(idPaths);
    wrapperKeys = List.copyOf(wrapperKeys);
    if (timePaths.isEmpty()) {
      throw new IllegalArgumentException("source '" + id + "' needs at least one time path");
    }
  }

  /**
   * A spec with one time path and at most one id path.
   *
   * @param idPath the vendor id path, or {@code null} when the vendor has none
   */
  public static SourceSpec of(String id, String description, String timePath, String idPath) {
    return new SourceSpec(
        id,
        description,
        List.of(FieldPath.of(timePath)),
        idPath == null ? List.of() : List.of(FieldPath.of(idPath)),
        List.of());
  }

  /** This spec with more time paths tried after the existing ones. */
  public SourceSpec withFallbackTimePaths(String... paths) {
    List<FieldPath> all = new ArrayList<>(timePaths);
    for (String p : paths) {
      all.add(FieldPath.of(p));
    }
    return new SourceSpec(id, description, all, idPaths, wrapperKeys);
  }

  /** This spec with more id paths tried after the existing ones. */
  public SourceSpec withFallbackIdPaths(String... paths) {
    List<FieldPath> all = new ArrayList<>(idPaths);
    for (String p : paths) {
      all.add(FieldPath.of(p));
    }
    return new SourceSpec(id, description, timePaths, all, wrapperKeys);
  }

  /** This spec with a wrapper key whose array elements are the records. */
  public SourceSpec withWrapperKey(String key) {
    List<String> all = new ArrayList<>(wrapperKeys);
    all.add(Objects.requireNonNull(key, "key"));
    return new SourceSpec(id, description, timePaths, idPaths, all);
  }
}
