package io.mantissa.nlq;

import java.util.List;
import java.util.Objects;

/**
 * One filter of a {@link QueryPlan} on a semantic field.
 *
 * @param field the semantic field
 * @param op the comparison
 * @param values the values (one or more for {@link Op#IN}, {@link Op#NOT_IN}, {@link
 *     Op#CONTAINS_ANY}; none for {@link Op#PRESENT})
 */
public record Condition(String field, Op op, List<String> values) {

  /** Comparisons a plan can make. */
  public enum Op {
    /** The field equals one of the values (case-sensitive, as stored). */
    IN,
    /** The field is present and equals none of the values. */
    NOT_IN,
    /** The field contains one of the values, ignoring case. */
    CONTAINS_ANY,
    /** The field is present. */
    PRESENT
  }

  /** Validates and copies. */
  public Condition {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(op, "op");
    values = List.copyOf(values);
    if (op == Op.PRESENT ? !values.isEmpty() : values.isEmpty()) {
      throw new IllegalArgumentException(op + " on " + field + " with values " + values);
    }
  }

  /** {@code field IN (values)}. */
  public static Condition in(String field, String... values) {
    return new Condition(field, Op.IN, List.of(values));
  }

  /** {@code field NOT IN (values)}. */
  public static Condition notIn(String field, String... values) {
    return new Condition(field, Op.NOT_IN, List.of(values));
  }

  /** The field contains one of {@code values}, ignoring case. */
  public static Condition containsAny(String field, String... values) {
    return new Condition(field, Op.CONTAINS_ANY, List.of(values));
  }
}
