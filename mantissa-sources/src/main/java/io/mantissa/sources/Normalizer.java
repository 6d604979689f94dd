package io.mantissa.sources;

import java.time.Instant;
import java.util.Map;

/**
 * Maps the native fields of one record of a source to OCSF fields ({@code Event.normalized}).
 * Implementations read fields through {@link Fields} so that unexpected shapes read as absent; the
 * result may be empty when the record has no OCSF class.
 */
@FunctionalInterface
interface Normalizer {
  /** A normalizer that adds nothing. */
  Normalizer NONE = (fields, time) -> Map.of();

  /** The OCSF fields of a record whose event time is {@code time}. */
  Map<String, Object> normalize(Map<String, Object> fields, Instant time);
}
