package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The shared pattern index finds exactly the patterns that equals/startsWith/endsWith/contains
 * find.
 */
class PatternIndexProperties {
  record Pattern(Glob.Shape shape, String text) {
    boolean matches(String s) {
      switch (shape) {
        case EXACT:
          return s.equals(text);
        case PREFIX:
          return s.startsWith(text);
        case SUFFIX:
          return s.endsWith(text);
        default:
          return s.contains(text);
      }
    }
  }

  @Provide
  Arbitrary<List<Pattern>> patterns() {
    return Combinators.combine(
            Arbitraries.of(
                Glob.Shape.EXACT, Glob.Shape.PREFIX, Glob.Shape.SUFFIX, Glob.Shape.INFIX),
            Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(4))
        .as(Pattern::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(90);
  }

  @Provide
  Arbitrary<List<String>> subjects() {
    return Arbitraries.strings().withChars("abcd").ofMaxLength(10).list().ofSize(10);
  }

  @Property(tries = 300)
  void indexAgreesWithNaiveMatching(
      @ForAll("patterns") List<Pattern> patterns,
      @ForAll("subjects") List<String> subjects,
      @ForAll boolean dense) {
    PatternIndex index = new PatternIndex(0, 0, true, dense ? 1 << 18 : 0);
    List<Integer> ids = new ArrayList<>();
    for (Pattern p : patterns) {
      ids.add(index.register(p.shape(), p.text()));
    }
    index.build();
    for (String s : subjects) {
      long[] hits = index.match(s);
      for (int i = 0; i < patterns.size(); i++) {
        assertThat(PatternIndex.get(hits, ids.get(i)))
            .as("%s on '%s'", patterns.get(i), s)
            .isEqualTo(patterns.get(i).matches(s));
      }
    }
  }

  /**
   * Case-insensitive patterns: lower-case texts, as the compiler registers them, with ASCII and
   * other characters (including ones whose lower case is ASCII, longer, or context-dependent).
   */
  private static final String LETTERS =
      "abAB/\u00e9\u00c9\u0130i\u0307\u03a3\u03c3\u03c2\u212ak\u00df";

  @Provide
  Arbitrary<List<Pattern>> foldedPatterns() {
    return Combinators.combine(
            Arbitraries.of(
                Glob.Shape.EXACT, Glob.Shape.PREFIX, Glob.Shape.SUFFIX, Glob.Shape.INFIX),
            Arbitraries.strings().withChars(LETTERS).ofMinLength(1).ofMaxLength(4))
        .as((shape, text) -> new Pattern(shape, text.toLowerCase(Locale.ROOT)))
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<String>> rawSubjects() {
    return Arbitraries.strings().withChars(LETTERS + "c").ofMaxLength(12).list().ofSize(10);
  }

  /**
   * A case-insensitive index matches a raw value as the lower-cased value when it says it does not
   * need lower-casing (infix patterns only, dense table: ASCII folded in the table, values with
   * other characters lower-cased from there on), and the lower-cased value always.
   */
  @Property(tries = 300)
  void caseInsensitiveIndexAgreesWithNaiveMatchingOfLowerCasedValues(
      @ForAll("foldedPatterns") List<Pattern> patterns,
      @ForAll("rawSubjects") List<String> subjects,
      @ForAll boolean infixOnly,
      @ForAll boolean dense) {
    PatternIndex index = new PatternIndex(0, 0, false, dense ? 1 << 18 : 0);
    List<Pattern> used = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (Pattern p : patterns) {
      Pattern q = infixOnly ? new Pattern(Glob.Shape.INFIX, p.text()) : p;
      used.add(q);
      ids.add(index.register(q.shape(), q.text()));
    }
    index.build();
    boolean allInfix = used.stream().allMatch(p -> p.shape() == Glob.Shape.INFIX);
    assertThat(index.needsLower()).isEqualTo(!(allInfix && dense));
    // values equal to patterns in other cases too, so that plain patterns are hit
    List<String> values = new ArrayList<>(subjects);
    for (Pattern p : used) {
      values.add(p.text().toUpperCase(Locale.ROOT));
      values.add("A" + p.text().toUpperCase(Locale.ROOT) + "b");
      values.add(Character.toUpperCase(p.text().charAt(0)) + p.text().substring(1));
    }
    for (String s : values) {
      String lower = s.toLowerCase(Locale.ROOT);
      List<long[]> runs = new ArrayList<>();
      runs.add(index.match(lower));
      if (!index.needsLower()) {
        runs.add(index.match(s));
      }
      for (long[] hits : runs) {
        for (int i = 0; i < used.size(); i++) {
          assertThat(PatternIndex.get(hits, ids.get(i)))
              .as("%s on '%s' (lower-cased '%s')", used.get(i), s, lower)
              .isEqualTo(used.get(i).matches(lower));
        }
      }
    }
  }
}
