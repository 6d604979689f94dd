package io.mantissa.sigma;

import io.mantissa.api.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of a search identifier: a map of fields (AND), a list of maps (OR), a field with its
 * values, or keywords searched across the whole event.
 */
public sealed interface SearchExpr
    permits SearchExpr.AllOf, SearchExpr.AnyOf, SearchExpr.FieldMatch, SearchExpr.KeywordMatch {

  /** Where the expression is written. */
  SourceLocation location();

  /**
   * All parts must match (a YAML map).
   *
   * @param parts the field matches
   * @param location where the map starts
   */
  record AllOf(List<SearchExpr> parts, SourceLocation location) implements SearchExpr {
    /** Validates the expression. */
    public AllOf {
      parts = List.copyOf(parts);
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * One part must match (a YAML list).
   *
   * @param parts the alternatives
   * @param location where the list starts
   */
  record AnyOf(List<SearchExpr> parts, SourceLocation location) implements SearchExpr {
    /** Validates the expression. */
    public AnyOf {
      parts = List.copyOf(parts);
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * A field compared with one or more values. The values are linked with OR, or with AND when
   * {@link Modifier#ALL} is among the modifiers.
   *
   * @param field the field name
   * @param modifiers the modifiers in the order written
   * @param values the values, never empty
   * @param location where the key is written
   */
  record FieldMatch(
      String field, List<Modifier> modifiers, List<SigmaValue> values, SourceLocation location)
      implements SearchExpr {
    /** Validates the expression. */
    public FieldMatch {
      Objects.requireNonNull(field, "field");
      modifiers = List.copyOf(modifiers);
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a field match needs at least one value");
      }
      Objects.requireNonNull(location, "location");
    }

    /** Whether {@code modifier} is applied. */
    public boolean has(Modifier modifier) {
      return modifiers.contains(modifier);
    }
  }

  /**
   * Keywords searched in every string value of the event, linked with OR (or AND with {@link
   * Modifier#ALL}).
   *
   * @param modifiers the modifiers (from a {@code '|all':} style key), possibly empty
   * @param values the keywords, never empty
   * @param location where the keywords are written
   */
  record KeywordMatch(List<Modifier> modifiers, List<SigmaValue> values, SourceLocation location)
      implements SearchExpr {
    /** Validates the expression. */
    public KeywordMatch {
      modifiers = List.copyOf(modifiers);
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a keyword match needs at least one value");
      }
      Objects.requireNonNull(location, "location");
    }

    /** Keywords have no field. */
    public Optional<String> field() {
      return Optional.empty();
    }
  }
}
