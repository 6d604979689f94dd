package io.mantissa.sigma;

import java.util.List;
import java.util.Objects;

/** A parsed detection condition. Precedence, loosest first: or, and, not, x of, parentheses. */
public sealed interface ConditionExpr
    permits ConditionExpr.Ref,
        ConditionExpr.Quantified,
        ConditionExpr.Not,
        ConditionExpr.And,
        ConditionExpr.Or {

  /**
   * A search identifier by name.
   *
   * @param name the identifier
   */
  record Ref(String name) implements ConditionExpr {
    /** Validates the reference. */
    public Ref {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * {@code 1 of pattern}, {@code all of pattern}, {@code 1 of them}, {@code all of them}.
   *
   * @param all true for {@code all of}, false for {@code 1 of}
   * @param pattern the pattern as written ({@code them} or a name with {@code *} wildcards)
   * @param names the identifiers the pattern selects, in definition order, never empty
   */
  record Quantified(boolean all, String pattern, List<String> names) implements ConditionExpr {
    /** Validates the quantifier. */
    public Quantified {
      Objects.requireNonNull(pattern, "pattern");
      names = List.copyOf(names);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("'" + pattern + "' selects no search identifier");
      }
    }
  }

  /**
   * Negation.
   *
   * @param operand the negated expression
   */
  record Not(ConditionExpr operand) implements ConditionExpr {
    /** Validates the negation. */
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /**
   * Conjunction.
   *
   * @param operands two or more operands
   */
  record And(List<ConditionExpr> operands) implements ConditionExpr {
    /** Validates the conjunction. */
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("and needs two operands");
      }
    }
  }

  /**
   * Disjunction.
   *
   * @param operands two or more operands
   */
  record Or(List<ConditionExpr> operands) implements ConditionExpr {
    /** Validates the disjunction. */
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("or needs two operands");
      }
    }
  }
}
