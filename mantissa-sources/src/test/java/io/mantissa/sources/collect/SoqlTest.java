package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SoqlTest {
  @Test
  void escapesQuotesBackslashesAndLineBreaks() {
    assertThat(Soql.string("Login")).isEqualTo("'Login'");
    assertThat(Soql.string("x' OR Id != '")).isEqualTo("'x\\' OR Id != \\''");
    assertThat(Soql.string("a\\b\"c\nd\te")).isEqualTo("'a\\\\b\\\"c\\nd\\te'");
    assertThatThrownBy(() -> Soql.string("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dateTimesAreUtcSecondsUnquoted() {
    assertThat(Soql.dateTime(Instant.parse("2026-02-28T10:00:02.999Z")))
        .isEqualTo("2026-02-28T10:00:02Z");
  }

  /** Outside its quotes, an escaped literal never holds a quote that is not escaped. */
  @Property
  void aLiteralNeverEndsEarly(@ForAll String value) {
    String literal;
    try {
      literal = Soql.string(value);
    } catch (IllegalArgumentException e) {
      assertThat(value.chars().anyMatch(Character::isISOControl)).isTrue();
      return;
    }
    String inner = literal.substring(1, literal.length() - 1);
    StringBuilder unescaped = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      assertThat(c).isNotEqualTo('\'');
      if (c == '\\') {
        char n = inner.charAt(++i);
        unescaped.append(
            switch (n) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'f' -> '\f';
              default -> n;
            });
      } else {
        unescaped.append(c);
      }
    }
    assertThat(unescaped.toString()).isEqualTo(value);
  }
}
