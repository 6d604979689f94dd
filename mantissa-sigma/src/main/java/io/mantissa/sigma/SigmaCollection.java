package io.mantissa.sigma;

import java.util.List;
import java.util.Objects;

/**
 * The documents of one Sigma file (a file may hold several YAML documents) and the warnings met
 * while parsing it.
 *
 * @param origin the file path or input name
 * @param documents the rules, filters and correlations in file order
 * @param warnings warnings, possibly empty
 */
public record SigmaCollection(
    String origin, List<SigmaDocument> documents, List<ParseWarning> warnings) {
  /** Validates the collection. */
  public SigmaCollection {
    Objects.requireNonNull(origin, "origin");
    documents = List.copyOf(documents);
    warnings = List.copyOf(warnings);
  }

  /** The detection rules. */
  public List<SigmaRule> rules() {
    return documents.stream()
        .filter(SigmaRule.class::isInstance)
        .map(SigmaRule.class::cast)
        .toList();
  }

  /** The filters. */
  public List<SigmaFilter> filters() {
    return documents.stream()
        .filter(SigmaFilter.class::isInstance)
        .map(SigmaFilter.class::cast)
        .toList();
  }

  /** The correlations, including those made from obsolete aggregations. */
  public List<SigmaCorrelation> correlations() {
    return documents.stream()
        .filter(SigmaCorrelation.class::isInstance)
        .map(SigmaCorrelation.class::cast)
        .toList();
  }
}
