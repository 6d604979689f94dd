package io.mantissa.sigma;

import io.mantissa.api.SourceLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * One condition of a detection (a detection may list several, linked with OR).
 *
 * @param text the condition as written
 * @param expression the parsed boolean expression (before any {@code |} aggregation)
 * @param aggregation the obsolete {@code | count() ...} aggregation, if written
 * @param location where the condition is written
 */
public record Condition(
    String text,
    ConditionExpr expression,
    Optional<Aggregation> aggregation,
    SourceLocation location) {
  /** Validates the condition. */
  public Condition {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(location, "location");
  }
}
