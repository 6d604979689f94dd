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

  /** Keyword texts: ASCII and other characters, in both cases, as rule authors write them. */
  private static final String KEYWORD_CHARS = "abAB/.1\u00e9\u00c9\u0130i\u03a3\u03c3\u212ak";

  @Provide
  Arbitrary<List<List<String>>> keywordRules() {
    return Arbitraries.strings()
        .withChars(KEYWORD_CHARS)
        .ofMinLength(1)
        .ofMaxLength(3)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .list()
        .ofMinSize(1)
        .ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<Event>> keywordEvents() {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars(KEYWORD_CHARS + "c ").ofMaxLength(8).map(x -> x),
            Arbitraries.integers().between(-20, 200).map(x -> x),
            Arbitraries.of(1.5, 11.0, 1e20).map(x -> x),
            Arbitraries.of(true, false).map(x -> x));
    return Combinators.combine(scalar, scalar, scalar, scalar)
        .as(
            (a, b, c, d) ->
                Sigma.event(
                    "a", a, "n", java.util.Map.of("b", b, "l", List.of(c, List.of(d))), "z", null))
        .list()
        .ofSize(6);
  }

  /**
   * Keyword (field-less) rules find a keyword in any scalar value of the event, nested maps and
   * lists included, case-insensitively, as a naive search of every value's lower-cased text does
   * (the rule set runs a dense automaton over raw values, folding ASCII case itself).
   */
  @Property(tries = 300)
  void keywordRulesAgreeWithNaiveSearch(
      @ForAll("keywordRules") List<List<String>> keywordLists,
      @ForAll("keywordEvents") List<Event> events) {
    List<SigmaDocument> docs = new ArrayList<>();
    for (int i = 0; i < keywordLists.size(); i++) {
      StringBuilder yaml =
          new StringBuilder("title: k" + i + "\nlogsource: {product: p}\ndetection:\n");
      yaml.append("    keywords:\n");
      for (String k : keywordLists.get(i)) {
        yaml.append("        - '").append(k).append("'\n");
      }
      yaml.append("    condition: keywords\n");
      docs.add(Sigma.parse(yaml.toString()).rules().get(0));
    }
    RuleSet set = RuleSet.compile(docs);
    for (Event e : events) {
      List<String> texts = new ArrayList<>();
      scalars(e.fields(), texts);
      List<SigmaRule> expected = new ArrayList<>();
      for (int i = 0; i < keywordLists.size(); i++) {
        boolean any = false;
        for (String k : keywordLists.get(i)) {
          String needle = k.toLowerCase(java.util.Locale.ROOT);
          for (String t : texts) {
            any |= t.toLowerCase(java.util.Locale.ROOT).contains(needle);
          }
        }
        if (any) {
          expected.add((SigmaRule) docs.get(i));
        }
      }
      assertThat(set.match(e)).as("%s", e.fields()).containsExactlyElementsOf(expected);
      assertThat(set.match(e, LogSource.of(null, "p", null))).containsExactlyElementsOf(expected);
    }
  }

  private static void scalars(Object node, List<String> out) {
    if (node instanceof java.util.Map<?, ?> m) {
      m.values().forEach(v -> scalars(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> scalars(v, out));
    } else if (node != null) {
      out.add(Values.text(node));
    }
  }

  /** A value of a generated field rule: a YAML number (unquoted) or a string (quoted). */
  record FieldValue(String yaml, java.math.BigDecimal number) {}

  /** One selection {@code field|modifier: values} of a generated field rule. */
  record FieldSelection(String field, String modifier, List<FieldValue> values) {
    String yaml(String name) {
      StringBuilder sb =
          new StringBuilder("    " + name + ":\n        " + field + modifier + ":\n");
      for (FieldValue v : values) {
        sb.append("            - ").append(v.yaml()).append('\n');
      }
      return sb.toString();
    }

    /** What the naive reading of the Sigma specification says for one field value. */
    boolean matches(Object v) {
      if (v instanceof List<?> list) {
        return list.stream().anyMatch(o -> o != null && !(o instanceof List<?>) && matches(o));
      }
      if (v == null || v instanceof java.util.Map<?, ?>) {
        return false;
      }
      for (FieldValue w : values) {
        if (w.number() != null && modifier.isEmpty()) {
          // numbers compare numerically, or as text with values that are not numbers
          java.math.BigDecimal n = Values.number(v);
          if (!(v instanceof Boolean)
              && (n != null
                  ? n.compareTo(w.number()) == 0
                  : Values.text(v).equalsIgnoreCase(w.yaml()))) {
            return true;
          }
          continue;
        }
        String text = Values.text(v).toLowerCase(java.util.Locale.ROOT);
        String needle =
            (w.number() != null ? w.yaml() : w.yaml().substring(1, w.yaml().length() - 1))
                .toLowerCase(java.util.Locale.ROOT);
        boolean m =
            switch (modifier) {
              case "|contains" -> text.contains(needle);
              case "|startswith" -> text.startsWith(needle);
              case "|endswith" -> text.endsWith(needle);
              default -> text.equals(needle);
            };
        if (m) {
          return true;
        }
      }
      return false;
    }
  }

  private static final String FIELD_CHARS = "abAB/.15\u00e9\u00c9\u0130i\u03a3\u03c3\u212ak";

  private static Arbitrary<FieldValue> fieldValues() {
    return Arbitraries.oneOf(
        Arbitraries.of("5", "5.0", "-3", "0", "2.50", "100", "1.5e1")
            .map(t -> new FieldValue(t, new java.math.BigDecimal(t))),
        Arbitraries.strings()
            .withChars(FIELD_CHARS)
            .ofMinLength(1)
            .ofMaxLength(3)
            .map(t -> new FieldValue("'" + t + "'", null)));
  }

  private static Arbitrary<FieldSelection> fieldSelections() {
    return Combinators.combine(
            Arbitraries.of("f", "g"),
            Arbitraries.of("", "", "|contains", "|startswith", "|endswith"),
            fieldValues().list().ofMinSize(1).ofMaxSize(5))
        .as(FieldSelection::new);
  }

  @Provide
  Arbitrary<List<List<Object>>> fieldRules() {
    return Combinators.combine(
            fieldSelections(), fieldSelections(), Arbitraries.integers().between(0, 2))
        .as(
            (a, b, c) -> {
              List<Object> rule = new ArrayList<>();
              rule.add(a);
              rule.add(b);
              rule.add(c);
              return rule;
            })
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Event>> fieldEvents() {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars(FIELD_CHARS + "c ").ofMaxLength(6).map(x -> x),
            Arbitraries.of(" 5", "5.00", "5E0", "0.5e1", "-3.0", "1e2", "+100", "15", "2.5", "-0")
                .map(x -> x),
            Arbitraries.integers().between(-5, 120).map(x -> x),
            Arbitraries.of(5L, 100L, -3L).map(x -> x),
            Arbitraries.of(5.0, 2.5, 15.0, -3.0, 1e20, Double.NaN).map(x -> x),
            Arbitraries.of(new java.math.BigDecimal("5.000"), new java.math.BigDecimal("1E+2"))
                .map(x -> x),
            Arbitraries.of(true, false).map(x -> x));
    Arbitrary<Object> value =
        Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(x -> (Object) x));
    return Combinators.combine(value, value)
        .as((f, g) -> Sigma.event("f", f, "g", g))
        .list()
        .ofSize(6);
  }

  /**
   * Rules testing fields for equality with numbers and for (case-insensitive) plain, prefix, suffix
   * and infix strings find exactly what a naive reading finds: numbers compare numerically
   * (anchored on the canonical number, so rules are skipped when no number can match), strings as
   * the lower-cased texts (the shared indexes fold ASCII case without copying values).
   */
  @Property(tries = 300)
  void fieldRulesAgreeWithNaiveMatching(
      @ForAll("fieldRules") List<List<Object>> rules, @ForAll("fieldEvents") List<Event> events) {
    List<SigmaDocument> docs = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      List<Object> r = rules.get(i);
      String cond =
          switch ((Integer) r.get(2)) {
            case 0 -> "s";
            case 1 -> "s or t";
            default -> "s and t";
          };
      String yaml =
          "title: n"
              + i
              + "\nlogsource: {product: p0}\ndetection:\n"
              + ((FieldSelection) r.get(0)).yaml("s")
              + ((FieldSelection) r.get(1)).yaml("t")
              + "    condition: "
              + cond
              + "\n";
      docs.add(Sigma.parse(yaml).rules().get(0));
    }
    RuleSet set = RuleSet.compile(docs);
    for (Event e : events) {
      List<SigmaRule> expected = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        List<Object> r = rules.get(i);
        FieldSelection a = (FieldSelection) r.get(0);
        FieldSelection b = (FieldSelection) r.get(1);
        boolean sa = a.matches(e.fields().get(a.field()));
        boolean sb = b.matches(e.fields().get(b.field()));
        boolean m =
            switch ((Integer) r.get(2)) {
              case 0 -> sa;
              case 1 -> sa || sb;
              default -> sa && sb;
            };
        if (m) {
          expected.add((SigmaRule) docs.get(i));
        }
      }
      assertThat(set.match(e)).as("%s", e.fields()).containsExactlyElementsOf(expected);
      assertThat(set.match(e, LogSource.of(null, "p0", null))).containsExactlyElementsOf(expected);
      assertThat(set.match(e, TABLES, "t01")).containsExactlyElementsOf(expected);
    }
  }

  /** A field-mapping-like assignment of the generated rules' log sources to tables. */
  private static final java.util.function.Function<LogSource, String> TABLES =
      ls -> ls.product().map(p -> p.equals("p2") ? "t2" : "t01").orElse(null);
}
