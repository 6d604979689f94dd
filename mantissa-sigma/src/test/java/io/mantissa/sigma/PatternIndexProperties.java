package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
      @ForAll("patterns") List<Pattern> patterns, @ForAll("subjects") List<String> subjects) {
    PatternIndex index = new PatternIndex(0, 0, true);
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
}
