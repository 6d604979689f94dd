package io.mantissa.sigma;

import java.util.Objects;

/**
 * A named search of a detection ({@code selection}, {@code filter_main}, {@code keywords}, ...).
 *
 * @param name the identifier
 * @param expression what it matches
 */
public record SearchIdentifier(String name, SearchExpr expression) {
  /** Validates the identifier. */
  public SearchIdentifier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
  }
}
