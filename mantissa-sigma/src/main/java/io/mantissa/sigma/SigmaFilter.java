package io.mantissa.sigma;

import java.util.List;
import java.util.Objects;

/**
 * A Sigma filter (meta filter rule): a detection ANDed onto the conditions of other rules, as
 * pySigma applies it, so filters usually say {@code condition: not selection}.
 *
 * @param metadata title, id and log source
 * @param rules ids or names of the rules it applies to, or the single word {@code any} (or {@code
 *     all}) for every rule of its log source
 * @param detection the filter's searches and condition
 */
public record SigmaFilter(RuleMetadata metadata, List<String> rules, Detection detection)
    implements SigmaDocument {
  /** Validates the filter. */
  public SigmaFilter {
    Objects.requireNonNull(metadata, "metadata");
    rules = List.copyOf(rules);
    Objects.requireNonNull(detection, "detection");
  }

  /**
   * Whether this filter applies to {@code rule}: the rule's log source is within the filter's, and
   * the rule is named in {@link #rules()} (as pySigma applies filters).
   */
  public boolean appliesTo(SigmaRule rule) {
    if (!metadata.logSource().covers(rule.metadata().logSource())) {
      return false;
    }
    if (rules.size() == 1
        && (rules.get(0).equalsIgnoreCase("any") || rules.get(0).equalsIgnoreCase("all"))) {
      return true;
    }
    return rules.stream().anyMatch(rule.metadata()::isReferencedBy);
  }
}
