package io.mantissa.sigma;

/** A comparison of a count with a threshold, as in correlation conditions. */
public enum CountOperator {
  /** Greater than. */
  GT,
  /** Greater than or equal. */
  GTE,
  /** Less than. */
  LT,
  /** Less than or equal. */
  LTE,
  /** Equal. */
  EQ;

  /** Whether {@code count} satisfies this operator against {@code threshold}. */
  public boolean test(long count, long threshold) {
    switch (this) {
      case GT:
        return count > threshold;
      case GTE:
        return count >= threshold;
      case LT:
        return count < threshold;
      case LTE:
        return count <= threshold;
      default:
        return count == threshold;
    }
  }
}
