package io.mantissa.sigma;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code detection} section: named searches and the conditions combining them.
 *
 * @param identifiers the search identifiers in definition order
 * @param conditions one or more conditions, linked with OR
 * @param timeframe the obsolete {@code timeframe} of aggregations, if written
 */
public record Detection(
    Map<String, SearchIdentifier> identifiers,
    List<Condition> conditions,
    Optional<Duration> timeframe) {
  /** Validates the detection. */
  public Detection {
    identifiers = Collections.unmodifiableMap(new LinkedHashMap<>(identifiers));
    conditions = List.copyOf(conditions);
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("a detection needs a condition");
    }
    Objects.requireNonNull(timeframe, "timeframe");
  }
}
