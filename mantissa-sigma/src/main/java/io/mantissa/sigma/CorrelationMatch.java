package io.mantissa.sigma;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A correlation that fired.
 *
 * @param correlation the correlation rule
 * @param groupKey the values of its group-by fields, in order (null for a missing field)
 * @param windowStart the time of the first event counted
 * @param windowEnd the time of the last event counted, or the window end when it closed
 * @param count the event count, distinct value count or number of distinct rules matched
 * @param eventIds ids of the events counted (at most 100)
 */
public record CorrelationMatch(
    SigmaCorrelation correlation,
    List<String> groupKey,
    Instant windowStart,
    Instant windowEnd,
    long count,
    List<String> eventIds) {
  /** Validates the match. */
  public CorrelationMatch {
    Objects.requireNonNull(correlation, "correlation");
    groupKey = Collections.unmodifiableList(new ArrayList<>(groupKey));
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    eventIds = List.copyOf(eventIds);
  }
}
