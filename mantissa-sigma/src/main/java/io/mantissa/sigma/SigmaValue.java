package io.mantissa.sigma;

import java.math.BigDecimal;
import java.util.Objects;

/** A value in a detection: a string, a number, a boolean or null. */
public sealed interface SigmaValue
    permits SigmaValue.Str, SigmaValue.Num, SigmaValue.Bool, SigmaValue.Null {

  /**
   * A string value.
   *
   * @param raw the text exactly as written (used by {@code re}, {@code cidr}, {@code fieldref})
   * @param pattern the text with wildcards and escapes resolved
   */
  record Str(String raw, SigmaString pattern) implements SigmaValue {
    /** Validates the value. */
    public Str {
      Objects.requireNonNull(raw, "raw");
      Objects.requireNonNull(pattern, "pattern");
    }
  }

  /**
   * A number.
   *
   * @param value the numeric value
   * @param text the number as written, to compare with string fields
   */
  record Num(BigDecimal value, String text) implements SigmaValue {
    /** Validates the value. */
    public Num {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A boolean.
   *
   * @param value the value
   */
  record Bool(boolean value) implements SigmaValue {}

  /** The YAML {@code null}: the field is missing or null. */
  record Null() implements SigmaValue {}

  /** The value as text: strings as written, numbers and booleans as printed. */
  default String text() {
    if (this instanceof Str s) {
      return s.raw();
    } else if (this instanceof Num n) {
      return n.text();
    } else if (this instanceof Bool b) {
      return Boolean.toString(b.value());
    }
    return "null";
  }
}
