package io.mantissa.sigma.test;

import io.mantissa.api.SourceLocation;
import java.util.Objects;

/**
 * The outcome of one {@link RuleTestCase}.
 *
 * @param name the case's display name
 * @param kind what the case checks
 * @param location where the case is written (the test file, or the rule file for file-level cases)
 * @param passed whether it passed
 * @param detail for a failure: the event(s), what was expected and what happened; empty when passed
 */
public record RuleTestResult(
    String name, RuleTestCase.Kind kind, SourceLocation location, boolean passed, String detail) {
  /** Validates the result. */
  public RuleTestResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(detail, "detail");
    if (!passed && detail.isBlank()) {
      throw new IllegalArgumentException("a failed rule test needs a detail");
    }
  }
}
