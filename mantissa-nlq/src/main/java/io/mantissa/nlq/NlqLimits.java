package io.mantissa.nlq;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits every question's SQL runs under.
 *
 * @param defaultRows rows returned when a question does not say (1,000)
 * @param maxRows the most rows any answer may return (10,000)
 * @param timeout how long a query may run (120 s)
 * @param maxSubqueryDepth how deeply queries may nest (3)
 * @param maxRepairs how many times an LLM planner gets its own error back to fix its SQL (2)
 */
public record NlqLimits(
    int defaultRows, int maxRows, Duration timeout, int maxSubqueryDepth, int maxRepairs) {

  /** The defaults. */
  public static final NlqLimits DEFAULTS =
      new NlqLimits(1_000, 10_000, Duration.ofSeconds(120), 3, 2);

  /** Validates. */
  public NlqLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (defaultRows < 1 || maxRows < defaultRows) {
      throw new IllegalArgumentException(
          "need 1 <= defaultRows <= maxRows, got " + defaultRows + " and " + maxRows);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (maxSubqueryDepth < 1 || maxRepairs < 0) {
      throw new IllegalArgumentException("maxSubqueryDepth >= 1 and maxRepairs >= 0 required");
    }
  }
}
