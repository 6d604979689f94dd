package io.mantissa.sigma;

/** The maturity of a rule ({@code status}). */
public enum RuleStatus {
  /** No known false positives in many environments. */
  STABLE,
  /** Tuned, few false positives expected. */
  TEST,
  /** New, may produce false positives. */
  EXPERIMENTAL,
  /** Replaced by other rules. */
  DEPRECATED,
  /** Cannot be used in its current state. */
  UNSUPPORTED
}
