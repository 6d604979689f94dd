package io.mantissa.sigma;

/** One YAML document of a Sigma file: a detection rule, a filter or a correlation. */
public sealed interface SigmaDocument permits SigmaRule, SigmaFilter, SigmaCorrelation {
  /** The descriptive attributes. */
  RuleMetadata metadata();
}
