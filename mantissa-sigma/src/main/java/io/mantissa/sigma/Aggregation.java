package io.mantissa.sigma;

import java.util.Objects;
import java.util.Optional;

/**
 * The obsolete aggregation of Sigma 1.x conditions: {@code selection | count(field) by group > N}.
 * It is accepted with a warning and turned into a {@link SigmaCorrelation}.
 *
 * @param field the counted field ({@code count(field)} counts distinct values), if any
 * @param groupBy the grouping field, if any
 * @param operator the comparison
 * @param threshold the compared number
 */
public record Aggregation(
    Optional<String> field, Optional<String> groupBy, CountOperator operator, long threshold) {
  /** Validates the aggregation. */
  public Aggregation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(groupBy, "groupBy");
    Objects.requireNonNull(operator, "operator");
  }
}
