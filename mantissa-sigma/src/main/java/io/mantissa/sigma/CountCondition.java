package io.mantissa.sigma;

import java.util.List;
import java.util.Objects;

/**
 * The condition of a correlation: one or more bounds linked with AND ({@code gt: 100, lte: 200} is
 * a range).
 *
 * @param bounds the bounds, never empty
 */
public record CountCondition(List<Bound> bounds) {

  /**
   * One bound.
   *
   * @param operator the comparison
   * @param value the threshold
   */
  public record Bound(CountOperator operator, long value) {
    /** Validates the bound. */
    public Bound {
      Objects.requireNonNull(operator, "operator");
    }
  }

  /** Validates the condition. */
  public CountCondition {
    bounds = List.copyOf(bounds);
    if (bounds.isEmpty()) {
      throw new IllegalArgumentException("a correlation condition needs a bound");
    }
  }

  /** A single bound. */
  public static CountCondition of(CountOperator operator, long value) {
    return new CountCondition(List.of(new Bound(operator, value)));
  }

  /** Whether {@code count} satisfies every bound. */
  public boolean test(long count) {
    for (Bound b : bounds) {
      if (!b.operator().test(count, b.value())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the condition only has lower bounds ({@code gt}, {@code gte}): then it can be decided
   * as soon as it holds, without waiting for the window to close.
   */
  public boolean isLowerBoundOnly() {
    return bounds.stream()
        .allMatch(b -> b.operator() == CountOperator.GT || b.operator() == CountOperator.GTE);
  }
}
