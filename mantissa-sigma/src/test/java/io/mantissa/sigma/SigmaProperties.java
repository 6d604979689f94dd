package io.mantissa.sigma;

import static io.mantissa.sigma.Sigma.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SigmaProperties {
  private static final String IDS = "abcd";

  @Provide
  Arbitrary<String> literals() {
    return Arbitraries.strings().withChars("abcXYZ019 -_.:/\\*?'%").ofMinLength(1).ofMaxLength(20);
  }

  @Provide
  Arbitrary<List<Boolean>> flips() {
    return Arbitraries.of(true, false).list().ofSize(20);
  }

  private static String flip(String s, List<Boolean> flips) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(
          flips.get(i)
              ? (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
              : c);
    }
    return out.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static CompiledRule rule(String key, String sigmaValue) {
    return Sigma.compiled(
        "    s:\n        " + key + ": " + quote(sigmaValue) + "\n    condition: s\n");
  }

  @Property(tries = 150)
  void escapedLiteralMatchesItselfWithAnyCaseChange(
      @ForAll("literals") String literal, @ForAll("flips") List<Boolean> flips) {
    String sigma = SigmaString.literal(literal).toSigma();
    String subject = flip(literal, flips);
    assertThat(rule("f", sigma).matches(event("f", subject))).isTrue();
    assertThat(rule("f|cased", sigma).matches(event("f", subject)))
        .isEqualTo(subject.equals(literal));
  }

  @Property(tries = 150)
  void wildcardPatternFromALiteralMatchesIt(
      @ForAll("literals") String literal,
      @ForAll @IntRange(min = 0, max = 20) int from,
      @ForAll @IntRange(min = 0, max = 20) int length,
      @ForAll boolean one,
      @ForAll("flips") List<Boolean> flips) {
    int start = Math.min(from, literal.length());
    int end = Math.min(literal.length(), start + (one ? 1 : length));
    if (one && end == start) {
      return;
    }
    String pattern =
        SigmaString.literal(literal.substring(0, start)).toSigma()
            + (one ? "?" : "*")
            + SigmaString.literal(literal.substring(end)).toSigma();
    String subject = flip(literal, flips);
    assertThat(rule("f", pattern).matches(event("f", subject))).as(pattern).isTrue();
    String cased =
        literal.substring(0, start) + subject.substring(start, end) + literal.substring(end);
    assertThat(rule("f|cased", pattern).matches(event("f", cased))).as(pattern).isTrue();
  }

  @Property(tries = 100)
  void containsMatchesAnySurroundingText(
      @ForAll("literals") String literal,
      @ForAll("literals") String before,
      @ForAll("literals") String after) {
    String sigma = SigmaString.literal(literal).toSigma();
    assertThat(
            rule("f|contains", sigma)
                .matches(event("f", before + literal.toUpperCase(Locale.ROOT) + after)))
        .isTrue();
    assertThat(rule("f|startswith", sigma).matches(event("f", literal + after))).isTrue();
    assertThat(rule("f|endswith", sigma).matches(event("f", before + literal))).isTrue();
  }

  @Provide
  Arbitrary<SigmaString> sigmaStrings() {
    Arbitrary<SigmaString.Part> part =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withChars("ab\\*?%x")
                .ofMinLength(1)
                .ofMaxLength(5)
                .map(s -> (SigmaString.Part) new SigmaString.Literal(s)),
            Arbitraries.of(SigmaString.Wildcard.MANY, SigmaString.Wildcard.ONE));
    return part.list().ofMaxSize(6).map(SigmaString::new);
  }

  @Property
  void escapingRoundTrips(@ForAll("sigmaStrings") SigmaString s) {
    assertThat(SigmaString.parse(s.toSigma())).isEqualTo(s);
  }

  @Property(tries = 200)
  void anyStringParsesToSomethingThatRoundTrips(@ForAll("literals") String raw) {
    SigmaString parsed = SigmaString.parse(raw);
    assertThat(SigmaString.parse(parsed.toSigma())).isEqualTo(parsed);
  }

  @Property(tries = 60)
  void base64offsetFindsTheValueAtAnyOffset(
      @ForAll @Size(min = 0, max = 5) List<@IntRange(min = 32, max = 126) Integer> prefix,
      @ForAll("literals") String value) {
    StringBuilder p = new StringBuilder();
    prefix.forEach(c -> p.append((char) c.intValue()));
    String encoded =
        Base64.getEncoder().encodeToString((p + value + "!tail").getBytes(StandardCharsets.UTF_8));
    String plain = value.replace("*", "").replace("?", "").replace("\\", "");
    if (plain.length() < 3) {
      return;
    }
    String again =
        Base64.getEncoder().encodeToString((p + plain + "!tail").getBytes(StandardCharsets.UTF_8));
    assertThat(rule("f|base64offset|contains", plain).matches(event("f", again))).isTrue();
    assertThat(encoded).isNotEmpty();
  }

  // --- condition precedence against a brute-force evaluation -------------------------------

  /** A flat condition: terms joined by and/or, each term possibly negated (several times). */
  record Flat(List<Integer> ids, List<Integer> nots, List<Boolean> ands) {
    String render() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < ids.size(); i++) {
        if (i > 0) {
          sb.append(ands.get(i - 1) ? " and " : " or ");
        }
        sb.append("not ".repeat(nots.get(i)));
        sb.append(IDS.charAt(ids.get(i)));
      }
      return sb.toString();
    }

    /** not binds tightest, then and, then or. */
    boolean eval(boolean[] values) {
      boolean result = false;
      boolean group = term(0, values);
      for (int i = 1; i < ids.size(); i++) {
        if (ands.get(i - 1)) {
          group = group && term(i, values);
        } else {
          result = result || group;
          group = term(i, values);
        }
      }
      return result || group;
    }

    private boolean term(int i, boolean[] values) {
      return values[ids.get(i)] ^ (nots.get(i) % 2 == 1);
    }
  }

  @Provide
  Arbitrary<Flat> flats() {
    return Arbitraries.integers()
        .between(1, 6)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.integers().between(0, 3).list().ofSize(n),
                        Arbitraries.integers().between(0, 2).list().ofSize(n),
                        Arbitraries.of(true, false).list().ofSize(Math.max(0, n - 1)))
                    .as(Flat::new));
  }

  private static CompiledRule conditionRule(String condition) {
    StringBuilder body = new StringBuilder();
    for (char c : IDS.toCharArray()) {
      body.append("    ").append(c).append(":\n        ").append(c).append(": 1\n");
    }
    body.append("    condition: ").append(condition).append('\n');
    return Sigma.compiled(body.toString());
  }

  private static void checkAllAssignments(
      CompiledRule rule, java.util.function.Predicate<boolean[]> expected) {
    for (int bits = 0; bits < 16; bits++) {
      boolean[] values = new boolean[4];
      List<Object> kv = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        values[i] = (bits & (1 << i)) != 0;
        kv.add(String.valueOf(IDS.charAt(i)));
        kv.add(values[i] ? 1 : 0);
      }
      assertThat(rule.matches(event(kv.toArray())))
          .as("assignment %s", Integer.toBinaryString(bits))
          .isEqualTo(expected.test(values));
    }
  }

  @Property(tries = 80)
  void precedenceIsNotThenAndThenOr(@ForAll("flats") Flat flat) {
    checkAllAssignments(conditionRule(flat.render()), flat::eval);
  }

  /** A boolean formula tree. */
  sealed interface Tree permits Leaf, NotT, Bin {
    boolean eval(boolean[] v);

    String render();
  }

  record Leaf(int id) implements Tree {
    public boolean eval(boolean[] v) {
      return v[id];
    }

    public String render() {
      return String.valueOf(IDS.charAt(id));
    }
  }

  record NotT(Tree inner) implements Tree {
    public boolean eval(boolean[] v) {
      return !inner.eval(v);
    }

    public String render() {
      return "not (" + inner.render() + ")";
    }
  }

  record Bin(boolean and, Tree left, Tree right) implements Tree {
    public boolean eval(boolean[] v) {
      return and ? left.eval(v) && right.eval(v) : left.eval(v) || right.eval(v);
    }

    public String render() {
      return "(" + left.render() + (and ? " and " : " or ") + right.render() + ")";
    }
  }

  @Provide
  Arbitrary<Tree> trees() {
    return tree(4);
  }

  private Arbitrary<Tree> tree(int depth) {
    Arbitrary<Tree> leaf = Arbitraries.integers().between(0, 3).map(Leaf::new);
    if (depth == 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, leaf),
        net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> tree(depth - 1)).map(NotT::new)),
        net.jqwik.api.Tuple.of(
            3,
            Combinators.combine(
                    Arbitraries.of(true, false),
                    Arbitraries.lazy(() -> tree(depth - 1)),
                    Arbitraries.lazy(() -> tree(depth - 1)))
                .as(Bin::new)));
  }

  @Property(tries = 60)
  void parenthesizedFormulasEvaluateLikeTheirTree(@ForAll("trees") Tree tree) {
    checkAllAssignments(conditionRule(tree.render()), tree::eval);
  }
}
