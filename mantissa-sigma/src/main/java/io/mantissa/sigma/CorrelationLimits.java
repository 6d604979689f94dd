package io.mantissa.sigma;

/**
 * Bounds on the state of a {@link CorrelationEngine}.
 *
 * @param maxGroups the most groups (group-by value combinations) kept per correlation; the least
 *     recently used group is evicted beyond it
 * @param maxEventsPerGroup the most events kept per group window; the oldest is evicted beyond it
 */
public record CorrelationLimits(int maxGroups, int maxEventsPerGroup) {
  /** Validates the limits. */
  public CorrelationLimits {
    if (maxGroups < 1 || maxEventsPerGroup < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** 100,000 groups per correlation, 10,000 events per group. */
  public static CorrelationLimits defaults() {
    return new CorrelationLimits(100_000, 10_000);
  }
}
