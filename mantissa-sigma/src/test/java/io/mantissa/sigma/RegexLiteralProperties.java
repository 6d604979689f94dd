package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The regex prefilter ({@link RegexLiteral}) never rejects a value the regex matches: generated
 * regexes (literals, escapes, classes, groups with alternatives, quantifiers, anchors, a leading
 * {@code (?i)}) and values over the same alphabet, with and without case-insensitive flags.
 */
class RegexLiteralProperties {

  record Case(String regex, int flags, List<String> values) {}

  @Property(tries = 3000)
  void aRequiredLiteralIsInEveryMatchingValue(@ForAll("cases") Case c) {
    Pattern p = Pattern.compile(c.regex(), c.flags());
    String literal = RegexLiteral.required(c.regex(), c.flags());
    boolean ignoreCase =
        (c.flags() & Pattern.CASE_INSENSITIVE) != 0 || c.regex().startsWith(RegexLiteral.LEADING_I);
    Statistics.label("literal").collect(literal == null ? "none" : "found");
    for (String v : c.values()) {
      if (p.matcher(v).find()) {
        Statistics.label("matches").collect("some");
        assertThat(literal == null || RegexLiteral.contains(v, literal, ignoreCase))
            .as("regex %s literal %s value %s", c.regex(), literal, v)
            .isTrue();
      }
    }
  }

  @Example
  void literalsOfRealRules() {
    assertThat(RegexLiteral.required(".+:assumed-role/aws:.+", 0)).isEqualTo(":assumed-role/aws:");
    assertThat(RegexLiteral.required("(?i)copy\\s+into\\s+'?(s3|gcs|azure)://", 0))
        .isEqualTo("copy");
    assertThat(RegexLiteral.required("(^0oa.*|[a-z]+@[a-z]+\\.[a-z]{2,10})", 0)).isNull();
    assertThat(RegexLiteral.required("abc|def", 0)).isNull();
    assertThat(RegexLiteral.required("abcd?e", 0)).isEqualTo("abc");
    assertThat(RegexLiteral.required("\\x41bcd", 0)).isNull();
    assertThat(RegexLiteral.required("ab\\.cd", 0)).isEqualTo("ab.cd");
    assertThat(RegexLiteral.contains("xxCOPYyy", "copy", true)).isTrue();
    assertThat(RegexLiteral.contains("xxCOPYyy", "copy", false)).isFalse();
  }

  private static final List<String> ATOMS =
      List.of(
          "a", "b", "c", "A", "B", "-", "\\.", "\\-", ".", "[ab]", "[^a]", "[a-c]", "\\d", "\\w",
          "\\s", "abc", "kSa", "a-b", "b.c", "Abc", "sKa", "ab", "ca", "(ab|c)", "(?:b)", "(a)",
          "^", "$", "ſ", "K", "k", "s", "S", "é", "É");
  private static final List<String> QUANTIFIERS =
      List.of(
          "", "", "", "", "", "", "", "", "*", "+", "?", "{2}", "{0,2}", "*?", "+?", "??", "++");

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> piece =
        Combinators.combine(Arbitraries.of(ATOMS), Arbitraries.of(QUANTIFIERS))
            .as((a, q) -> a.equals("^") || a.equals("$") ? a : a + q);
    Arbitrary<String> regex =
        Combinators.combine(
                piece.list().ofMinSize(1).ofMaxSize(8), Arbitraries.of("", "", "(?i)", "|ab"))
            .as(
                (ps, extra) ->
                    extra.startsWith("|")
                        ? String.join("", ps) + extra
                        : extra + String.join("", ps));
    Arbitrary<String> value =
        Arbitraries.strings().withChars("abcABC-.xſKkKsSéÉ \n").ofMaxLength(14);
    Arbitrary<String> value2 =
        Combinators.combine(value, value, Arbitraries.of("abc", "ABC", "kSa", "ſKA", "a-b", "sKa"))
            .as((x, y, w) -> x + w + y);
    return Combinators.combine(
            regex,
            Arbitraries.of(
                0, Pattern.CASE_INSENSITIVE, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
            Arbitraries.oneOf(value, value2).list().ofMinSize(5).ofMaxSize(30))
        .as(Case::new);
  }
}
