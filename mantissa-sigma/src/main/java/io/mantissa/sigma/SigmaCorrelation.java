package io.mantissa.sigma;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Sigma correlation rule.
 *
 * @param metadata title, id, level and the rest
 * @param type the kind of correlation
 * @param rules ids or names of the correlated rules, never empty
 * @param groupBy fields (or aliases) whose values must be equal within a group
 * @param timespan the window length
 * @param condition the count condition; for temporal types, how many distinct rules must match
 *     (empty: all of them)
 * @param valueField the field whose distinct values {@code value_count} counts, if any
 * @param aliases alias name to (rule id or name to field name)
 * @param generate whether the referenced rules also alert on their own
 * @param fromAggregation whether this correlation was made from an obsolete {@code | count()}
 */
public record SigmaCorrelation(
    RuleMetadata metadata,
    CorrelationType type,
    List<String> rules,
    List<String> groupBy,
    Duration timespan,
    Optional<CountCondition> condition,
    Optional<String> valueField,
    Map<String, Map<String, String>> aliases,
    boolean generate,
    boolean fromAggregation)
    implements SigmaDocument {
  /** Validates the correlation. */
  public SigmaCorrelation {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(type, "type");
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a correlation needs at least one rule");
    }
    groupBy = List.copyOf(groupBy);
    Objects.requireNonNull(timespan, "timespan");
    if (timespan.isNegative() || timespan.isZero()) {
      throw new IllegalArgumentException("timespan must be positive");
    }
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(valueField, "valueField");
    if (type == CorrelationType.VALUE_COUNT && valueField.isEmpty()) {
      throw new IllegalArgumentException("value_count needs a field");
    }
    if ((type == CorrelationType.EVENT_COUNT || type == CorrelationType.VALUE_COUNT)
        && condition.isEmpty()) {
      throw new IllegalArgumentException(type + " needs a condition");
    }
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    aliases.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    aliases = Collections.unmodifiableMap(copy);
  }
}
