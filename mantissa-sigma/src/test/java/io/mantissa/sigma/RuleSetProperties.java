package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A rule set that shares work across rules gives the same answers as rules compiled alone. */
class RuleSetProperties {
  private static final List<String> MODIFIERS =
      List.of("", "|contains", "|startswith", "|endswith", "|cased", "|contains|all", "|neq");

  record Selection(String field, String modifiers, List<String> values) {
    String yaml() {
      StringBuilder sb =
          new StringBuilder("        ").append(field).append(modifiers).append(":\n");
      for (String v : values) {
        sb.append("            - '").append(v).append("'\n");
      }
      return sb.toString();
    }
  }

  record Rule(Selection s, Selection t, int condition) {
    String yaml(int i) {
      String cond =
          switch (condition) {
            case 0 -> "s";
            case 1 -> "s and not t";
            case 2 -> "1 of them";
            default -> "all of them";
          };
      return "title: r"
          + i
          + "\nlogsource: {product: p"
          + (i % 3)
          + "}\ndetection:\n    s:\n"
          + s.yaml()
          + "    t:\n"
          + t.yaml()
          + "    condition: "
          + cond
          + "\n";
    }
  }

  private static Arbitrary<String> words() {
    return Arbitraries.strings().withChars("aAb*?").ofMinLength(0).ofMaxLength(3);
  }

  private static Arbitrary<Selection> selections() {
    return Combinators.combine(
            Arbitraries.of("f", "g", "h.i"),
            Arbitraries.of(MODIFIERS),
            words().list().ofMinSize(1).ofMaxSize(6))
        .as(Selection::new);
  }

  @Provide
  Arbitrary<List<Rule>> ruleLists() {
    return Combinators.combine(selections(), selections(), Arbitraries.integers().between(0, 3))
        .as(Rule::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<String> text = Arbitraries.strings().withChars("aAb").ofMaxLength(4);
    return Combinators.combine(text, text, text, Arbitraries.of(true, false))
        .as(
            (f, g, h, list) ->
                list
                    ? Sigma.event("f", List.of(f, g), "h", java.util.Map.of("i", h))
                    : Sigma.event("f", f, "g", g, "h.i", h))
        .list()
        .ofSize(6);
  }

  @Property(tries = 300)
  void ruleSetAgreesWithRulesCompiledAlone(
      @ForAll("ruleLists") List<Rule> rules, @ForAll("events") List<Event> events) {
    List<SigmaDocument> docs = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      docs.add(Sigma.parse(rules.get(i).yaml(i)).rules().get(0));
    }
    RuleSet set = RuleSet.compile(docs);
    List<CompiledRule> alone = new ArrayList<>();
    for (SigmaDocument d : docs) {
      alone.add(CompiledRule.compile((SigmaRule) d));
    }
    for (Event e : events) {
      List<SigmaRule> expected = new ArrayList<>();
      for (CompiledRule r : alone) {
        if (r.matches(e)) {
          expected.add(r.rule());
        }
      }
      assertThat(set.match(e)).containsExactlyElementsOf(expected);
      // routed: only the rules of the event's log source, and only their anchor indexes
      for (int p = 0; p < 3; p++) {
        LogSource source = LogSource.of(null, "p" + p, null);
        List<SigmaRule> ofSource =
            expected.stream().filter(r -> r.metadata().logSource().covers(source)).toList();
        assertThat(set.match(e, source)).containsExactlyElementsOf(ofSource);
      }
      // by table: the rules whose log source maps to the table (p0 and p1 share one)
      for (String table : List.of("t01", "t2", "none")) {
        List<SigmaRule> ofTable =
            expected.stream()
                .filter(r -> table.equals(TABLES.apply(r.metadata().logSource())))
                .toList();
        assertThat(set.match(e, TABLES, table)).containsExactlyElementsOf(ofTable);
      }
    }
  }

  /** A field-mapping-like assignment of the generated rules' log sources to tables. */
  private static final java.util.function.Function<LogSource, String> TABLES =
      ls -> ls.product().map(p -> p.equals("p2") ? "t2" : "t01").orElse(null);
}
