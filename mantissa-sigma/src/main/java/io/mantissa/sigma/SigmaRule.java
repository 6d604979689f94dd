package io.mantissa.sigma;

import java.util.Objects;

/**
 * A Sigma detection rule.
 *
 * @param metadata title, id, level, log source and the rest
 * @param detection the searches and conditions
 */
public record SigmaRule(RuleMetadata metadata, Detection detection) implements SigmaDocument {
  /** Validates the rule. */
  public SigmaRule {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(detection, "detection");
  }
}
