package io.mantissa.sigma;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Compiles the AST of rules and filters into {@link Matcher}s over a shared {@link FieldTable}. */
final class RuleCompiler {
  private static final int LITERAL_SET_MIN = 4;

  /** One alternative of a value: a test, and its glob when it is a plain pattern. */
  private record Alt(
      ValueTest test, Glob glob, boolean windash, PatternIndex index, int pid, Anchor anchor) {
    Alt(ValueTest test, Glob glob, boolean windash) {
      this(test, glob, windash, null, -1, null);
    }
  }

  /**
   * A pattern of a field's {@link PatternIndex} whose match is necessary for a rule to match: rules
   * are only evaluated for events in which one of their anchors matched.
   *
   * @param index the field's index
   * @param pid the pattern
   */
  record Anchor(PatternIndex index, int pid) {}

  private final Map<SearchExpr.FieldMatch, List<Anchor>> leafAnchors =
      new java.util.IdentityHashMap<>();

  private final FieldTable table;
  private final CompileOptions options;

  RuleCompiler(FieldTable table, CompileOptions options) {
    this.table = table;
    this.options = options;
  }

  Matcher rule(SigmaRule rule, List<SigmaFilter> filters) {
    List<Matcher> parts = new ArrayList<>();
    parts.add(detection(rule.detection(), rule.metadata()));
    for (SigmaFilter f : filters) {
      parts.add(detection(f.detection(), f.metadata()));
    }
    return Matcher.and(parts);
  }

  Matcher detection(Detection detection, RuleMetadata meta) {
    Map<String, Matcher> ids = new HashMap<>();
    for (SearchIdentifier id : detection.identifiers().values()) {
      try {
        ids.put(id.name(), search(id.expression()));
      } catch (IllegalArgumentException | MantissaException e) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "rule '"
                + meta.title()
                + "' ("
                + id.expression().location()
                + "), search identifier '"
                + id.name()
                + "': "
                + e.getMessage(),
            e);
      }
    }
    List<Matcher> conditions = new ArrayList<>();
    for (Condition c : detection.conditions()) {
      conditions.add(condition(c.expression(), ids));
    }
    return Matcher.or(conditions);
  }

  private Matcher condition(ConditionExpr e, Map<String, Matcher> ids) {
    if (e instanceof ConditionExpr.Ref r) {
      return ids.get(r.name());
    } else if (e instanceof ConditionExpr.Quantified q) {
      List<Matcher> parts = new ArrayList<>();
      for (String n : q.names()) {
        parts.add(ids.get(n));
      }
      return q.all() ? Matcher.and(parts) : Matcher.or(parts);
    } else if (e instanceof ConditionExpr.Not n) {
      return Matcher.not(condition(n.operand(), ids));
    } else if (e instanceof ConditionExpr.And a) {
      List<Matcher> parts = new ArrayList<>();
      for (ConditionExpr x : a.operands()) {
        parts.add(condition(x, ids));
      }
      return Matcher.and(parts);
    } else {
      List<Matcher> parts = new ArrayList<>();
      for (ConditionExpr x : ((ConditionExpr.Or) e).operands()) {
        parts.add(condition(x, ids));
      }
      return Matcher.or(parts);
    }
  }

  private Matcher search(SearchExpr e) {
    if (e instanceof SearchExpr.AllOf a) {
      List<Matcher> parts = new ArrayList<>();
      for (SearchExpr x : a.parts()) {
        parts.add(search(x));
      }
      return Matcher.and(parts);
    } else if (e instanceof SearchExpr.AnyOf a) {
      List<Matcher> parts = new ArrayList<>();
      for (SearchExpr x : a.parts()) {
        parts.add(search(x));
      }
      return Matcher.or(parts);
    } else if (e instanceof SearchExpr.FieldMatch f) {
      return field(f);
    } else {
      return keywords((SearchExpr.KeywordMatch) e);
    }
  }

  private static String key(List<Modifier> modifiers, List<SigmaValue> values) {
    StringBuilder sb = new StringBuilder();
    sb.append(modifiers);
    for (SigmaValue v : values) {
      sb.append('\u0000').append(v.getClass().getSimpleName()).append(':').append(v.text());
    }
    return sb.toString();
  }

  private Matcher field(SearchExpr.FieldMatch f) {
    int slot = table.slot(f.field());
    int id = table.memoId("F\u0001" + f.field() + "\u0001" + key(f.modifiers(), f.values()));
    Matcher inner;
    if (f.has(Modifier.EXISTS)) {
      boolean expected = ((SigmaValue.Bool) f.values().get(0)).value();
      inner = ev -> ev.exists(slot) == expected;
    } else if (f.has(Modifier.ALL) && f.values().size() > 1) {
      List<Matcher> parts = new ArrayList<>();
      boolean first = true;
      for (SigmaValue v : f.values()) {
        List<Alt> alts = alternatives(f.modifiers(), v, slot);
        if (first && !f.has(Modifier.NEQ)) {
          recordAnchors(f, alts);
        }
        first = false;
        parts.add(fieldTest(slot, combine(alts)));
      }
      inner = Matcher.and(parts);
    } else {
      List<Alt> alts = new ArrayList<>();
      for (SigmaValue v : f.values()) {
        alts.addAll(alternatives(f.modifiers(), v, slot));
      }
      if (!f.has(Modifier.NEQ)) {
        recordAnchors(f, alts);
      }
      inner = fieldTest(slot, combine(alts));
    }
    if (f.has(Modifier.NEQ)) {
      inner = Matcher.not(inner);
    }
    return Matcher.memo(id, inner);
  }

  private void recordAnchors(SearchExpr.FieldMatch f, List<Alt> alts) {
    List<Anchor> anchors = new ArrayList<>();
    for (Alt a : alts) {
      if (a.anchor() == null) {
        return;
      }
      anchors.add(a.anchor());
    }
    if (!anchors.isEmpty()) {
      leafAnchors.put(f, anchors);
    }
  }

  /**
   * Anchors of a compiled rule (with its filters): patterns of which at least one matches in every
   * event the rule matches; null when the rule has none.
   */
  List<Anchor> anchors(SigmaRule rule, List<SigmaFilter> filters) {
    List<List<Anchor>> options = new ArrayList<>();
    options.add(anchors(rule.detection()));
    for (SigmaFilter f : filters) {
      options.add(anchors(f.detection()));
    }
    return best(options);
  }

  private List<Anchor> anchors(Detection d) {
    List<List<Anchor>> each = new ArrayList<>();
    for (Condition c : d.conditions()) {
      each.add(anchors(c.expression(), d));
    }
    return union(each);
  }

  private List<Anchor> anchors(ConditionExpr e, Detection d) {
    if (e instanceof ConditionExpr.Ref r) {
      return anchors(d.identifiers().get(r.name()).expression());
    } else if (e instanceof ConditionExpr.Quantified q) {
      List<List<Anchor>> each = new ArrayList<>();
      for (String n : q.names()) {
        each.add(anchors(d.identifiers().get(n).expression()));
      }
      return q.all() ? best(each) : union(each);
    } else if (e instanceof ConditionExpr.And a) {
      List<List<Anchor>> each = new ArrayList<>();
      for (ConditionExpr x : a.operands()) {
        each.add(anchors(x, d));
      }
      return best(each);
    } else if (e instanceof ConditionExpr.Or o) {
      List<List<Anchor>> each = new ArrayList<>();
      for (ConditionExpr x : o.operands()) {
        each.add(anchors(x, d));
      }
      return union(each);
    }
    return null;
  }

  private List<Anchor> anchors(SearchExpr e) {
    if (e instanceof SearchExpr.FieldMatch f) {
      return leafAnchors.get(f);
    } else if (e instanceof SearchExpr.AllOf a) {
      List<List<Anchor>> each = new ArrayList<>();
      for (SearchExpr x : a.parts()) {
        each.add(anchors(x));
      }
      return best(each);
    } else if (e instanceof SearchExpr.AnyOf a) {
      List<List<Anchor>> each = new ArrayList<>();
      for (SearchExpr x : a.parts()) {
        each.add(anchors(x));
      }
      return union(each);
    }
    return null;
  }

  /** Any one necessary set is enough: the smallest. */
  private static List<Anchor> best(List<List<Anchor>> options) {
    List<Anchor> best = null;
    for (List<Anchor> o : options) {
      if (o != null && (best == null || o.size() < best.size())) {
        best = o;
      }
    }
    return best;
  }

  /** Each alternative must be anchored; the anchors add up. */
  private static List<Anchor> union(List<List<Anchor>> options) {
    List<Anchor> all = new ArrayList<>();
    for (List<Anchor> o : options) {
      if (o == null) {
        return null;
      }
      all.addAll(o);
    }
    return all;
  }

  private static Matcher fieldTest(int slot, ValueTest test) {
    boolean missing = test.matchesMissing();
    return ev -> {
      Object v = ev.value(slot);
      if (v == null) {
        return missing;
      }
      if (v instanceof String) {
        // before the interface tests, which are slow when they fail (see RuleSet#candidates)
        return test.test(v, ev, slot);
      }
      if (v instanceof List<?> list) {
        for (Object o : list) {
          if (o != null && !(o instanceof List<?>) && test.test(o, ev, -1)) {
            return true;
          }
        }
        return false;
      }
      if (v instanceof Map<?, ?>) {
        return false;
      }
      return test.test(v, ev, slot);
    };
  }

  /** ORs alternatives, turning many plain strings into one hash lookup. */
  private static ValueTest combine(List<Alt> alts) {
    List<ValueTest> tests = new ArrayList<>();
    Set<String> lowerSet = new HashSet<>();
    Set<String> casedSet = new HashSet<>();
    int exact = 0;
    for (Alt a : alts) {
      if (a.glob() != null && !a.windash() && a.glob().shape() == Glob.Shape.EXACT) {
        exact++;
      }
    }
    Map<PatternIndex, List<Alt>> indexed = new java.util.LinkedHashMap<>();
    for (Alt a : alts) {
      if (a.index() != null) {
        indexed.computeIfAbsent(a.index(), k -> new ArrayList<>()).add(a);
      }
    }
    for (Map.Entry<PatternIndex, List<Alt>> e : indexed.entrySet()) {
      if (e.getValue().size() > 1) {
        int[] pids = e.getValue().stream().mapToInt(Alt::pid).toArray();
        List<Glob> globs = e.getValue().stream().map(Alt::glob).toList();
        tests.add(ValueTest.indexedAny(e.getKey(), pids, globs));
      }
    }
    for (Alt a : alts) {
      if (a.index() != null && indexed.get(a.index()).size() > 1) {
        continue;
      }
      if (exact >= LITERAL_SET_MIN
          && a.glob() != null
          && !a.windash()
          && a.glob().shape() == Glob.Shape.EXACT) {
        (a.glob().cased() ? casedSet : lowerSet).add(a.glob().text());
      } else {
        tests.add(a.test());
      }
    }
    if (!lowerSet.isEmpty()) {
      tests.add(0, ValueTest.literalSet(Set.copyOf(lowerSet), false));
    }
    if (!casedSet.isEmpty()) {
      tests.add(0, ValueTest.literalSet(Set.copyOf(casedSet), true));
    }
    return ValueTest.or(tests);
  }

  private Matcher keywords(SearchExpr.KeywordMatch k) {
    List<Modifier> mods = new ArrayList<>(k.modifiers());
    boolean shaped =
        mods.contains(Modifier.CONTAINS)
            || mods.contains(Modifier.STARTSWITH)
            || mods.contains(Modifier.ENDSWITH)
            || mods.contains(Modifier.RE)
            || mods.contains(Modifier.CIDR)
            || mods.stream().anyMatch(m -> m.isComparison() || m.isTimePart());
    if (!shaped) {
      int firstEncoding = -1;
      for (int i = 0; i < mods.size(); i++) {
        if (mods.get(i) == Modifier.BASE64 || mods.get(i) == Modifier.BASE64OFFSET) {
          firstEncoding = i;
          break;
        }
      }
      if (firstEncoding >= 0) {
        mods.add(firstEncoding + 1, Modifier.CONTAINS);
      } else {
        mods.add(0, Modifier.CONTAINS);
      }
    }
    int id = table.memoId("K\u0001" + key(k.modifiers(), k.values()));
    List<Matcher> perValue = new ArrayList<>();
    List<Alt> all = new ArrayList<>();
    boolean and = k.modifiers().contains(Modifier.ALL) && k.values().size() > 1;
    for (SigmaValue value : k.values()) {
      // keywords are text: a number keyword is searched as its digits
      SigmaValue v =
          value instanceof SigmaValue.Num n
              ? new SigmaValue.Str(n.text(), SigmaString.literal(n.text()))
              : value;
      List<Alt> alts = alternatives(mods, v, -1);
      if (and) {
        perValue.add(keywordTest(alts));
      } else {
        all.addAll(alts);
      }
    }
    Matcher inner = and ? Matcher.and(perValue) : keywordTest(all);
    return Matcher.memo(id, inner);
  }

  private Matcher keywordTest(List<Alt> alts) {
    List<Glob> globs = new ArrayList<>();
    List<ValueTest> others = new ArrayList<>();
    PatternIndex[] indexes = {table.index(-1, false), table.index(-1, true)};
    List<List<Integer>> pids = List.of(new ArrayList<>(), new ArrayList<>());
    for (Alt a : alts) {
      Glob glob = a.glob();
      if (glob != null
          && !a.windash()
          && (glob.shape() == Glob.Shape.EXACT
              || glob.shape() == Glob.Shape.PREFIX
              || glob.shape() == Glob.Shape.SUFFIX
              || glob.shape() == Glob.Shape.INFIX)) {
        int which = glob.cased() ? 1 : 0;
        pids.get(which).add(indexes[which].register(glob.shape(), glob.text()));
      } else if (glob != null && !a.windash()) {
        globs.add(glob);
      } else {
        others.add(a.test());
      }
    }
    long[][] masks = new long[2][];
    for (int w = 0; w < 2; w++) {
      if (!pids.get(w).isEmpty()) {
        int words = pids.get(w).stream().mapToInt(p -> (p >>> 6) + 1).max().getAsInt();
        masks[w] = new long[words];
        for (int p : pids.get(w)) {
          masks[w][p >>> 6] |= 1L << p;
        }
      }
    }
    Glob[] g = globs.toArray(new Glob[0]);
    ValueTest rest = others.isEmpty() ? null : ValueTest.or(others);
    return ev -> {
      for (int w = 0; w < 2; w++) {
        if (masks[w] != null) {
          long[] hits = ev.keywordHits(indexes[w]);
          for (int i = 0; i < masks[w].length; i++) {
            if ((hits[i] & masks[w][i]) != 0) {
              return true;
            }
          }
        }
      }
      if (g.length == 0 && rest == null) {
        return false;
      }
      List<String> strings = ev.strings();
      List<String> lower = g.length > 0 ? ev.stringsLower() : null;
      for (int i = 0; i < strings.size(); i++) {
        String s = strings.get(i);
        for (Glob glob : g) {
          if (glob.matches(s, lower.get(i))) {
            return true;
          }
        }
        if (rest != null && rest.test(s, ev, -1)) {
          return true;
        }
      }
      return false;
    };
  }

  private List<Alt> alternatives(List<Modifier> mods, SigmaValue value, int slot) {
    if (value instanceof SigmaValue.Null) {
      return List.of(new Alt(ValueTest.isNull(), null, false));
    }
    if (value instanceof SigmaValue.Bool b) {
      return List.of(new Alt(ValueTest.bool(b.value()), null, false));
    }
    Modifier comparison = null;
    Modifier timePart = null;
    for (Modifier m : mods) {
      if (m.isComparison()) {
        comparison = m;
      } else if (m.isTimePart()) {
        timePart = m;
      }
    }
    if (value instanceof SigmaValue.Num n) {
      if (timePart != null) {
        return List.of(new Alt(ValueTest.timePart(timePart, comparison, n.value()), null, false));
      }
      if (comparison != null) {
        return List.of(new Alt(ValueTest.compare(comparison, n.value()), null, false));
      }
      return List.of(new Alt(ValueTest.number(n.value(), n.text()), null, false));
    }
    SigmaValue.Str s = (SigmaValue.Str) value;
    boolean cased = mods.contains(Modifier.CASED);
    if (mods.contains(Modifier.RE)) {
      int flags = 0;
      if (mods.contains(Modifier.I)) {
        flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      }
      if (mods.contains(Modifier.M)) {
        flags |= Pattern.MULTILINE;
      }
      if (mods.contains(Modifier.S)) {
        flags |= Pattern.DOTALL;
      }
      return List.of(new Alt(ValueTest.regex(Pattern.compile(s.raw(), flags)), null, false));
    }
    if (mods.contains(Modifier.CIDR)) {
      return List.of(new Alt(ValueTest.cidr(Cidr.parse(s.raw())), null, false));
    }
    if (mods.contains(Modifier.FIELDREF)) {
      return List.of(new Alt(fieldRef(mods, s.raw().trim(), cased), null, false));
    }
    List<Object> current = new ArrayList<>();
    if (mods.contains(Modifier.EXPAND)) {
      current.addAll(expand(s.pattern()));
    } else {
      current.add(s.pattern());
    }
    boolean windash = false;
    for (Modifier m : mods) {
      List<Object> next = new ArrayList<>();
      switch (m) {
        case CONTAINS:
          for (Object o : current) {
            SigmaString x = (SigmaString) o;
            x = x.startsWithMany() ? x : x.prepend(SigmaString.Wildcard.MANY);
            next.add(x.endsWithMany() ? x : x.append(SigmaString.Wildcard.MANY));
          }
          break;
        case STARTSWITH:
          for (Object o : current) {
            SigmaString x = (SigmaString) o;
            next.add(x.endsWithMany() ? x : x.append(SigmaString.Wildcard.MANY));
          }
          break;
        case ENDSWITH:
          for (Object o : current) {
            SigmaString x = (SigmaString) o;
            next.add(x.startsWithMany() ? x : x.prepend(SigmaString.Wildcard.MANY));
          }
          break;
        case UTF16LE:
        case UTF16BE:
        case UTF16:
        case WIDE:
          for (Object o : current) {
            next.add(Encodings.utf16(m, plain(o)));
          }
          break;
        case BASE64:
          for (Object o : current) {
            next.add(SigmaString.literal(Encodings.base64(bytes(o))));
          }
          break;
        case BASE64OFFSET:
          for (Object o : current) {
            for (String enc : Encodings.base64Offsets(bytes(o))) {
              next.add(SigmaString.literal(enc));
            }
          }
          break;
        case WINDASH:
          windash = true;
          next = current;
          break;
        default:
          next = current;
          break;
      }
      current = next;
    }
    List<Alt> out = new ArrayList<>();
    for (Object o : current) {
      if (o instanceof byte[]) {
        throw new IllegalArgumentException("an encoding to bytes is not followed by base64");
      }
      SigmaString x = (SigmaString) o;
      if (windash) {
        x = dashes(x);
      }
      Glob glob = Glob.compile(x, cased);
      ValueTest test = ValueTest.glob(glob, windash);
      if (slot >= 0
          && !windash
          && (glob.shape() == Glob.Shape.PREFIX
              || glob.shape() == Glob.Shape.SUFFIX
              || glob.shape() == Glob.Shape.INFIX)) {
        PatternIndex index = table.index(slot, cased);
        int pid = index.register(glob.shape(), glob.text());
        out.add(
            new Alt(
                ValueTest.indexed(index, pid, slot, glob),
                glob,
                false,
                index,
                pid,
                new Anchor(index, pid)));
        continue;
      }
      if (slot >= 0 && !windash && glob.shape() == Glob.Shape.EXACT) {
        PatternIndex index = table.index(slot, cased);
        Anchor anchor = new Anchor(index, index.register(Glob.Shape.EXACT, glob.text()));
        out.add(new Alt(test, glob, false, null, -1, anchor));
        continue;
      }
      out.add(new Alt(test, glob, windash));
    }
    return out;
  }

  private static SigmaString dashes(SigmaString s) {
    List<SigmaString.Part> parts = new ArrayList<>();
    for (SigmaString.Part p : s.parts()) {
      parts.add(
          p instanceof SigmaString.Literal l
              ? new SigmaString.Literal(Encodings.dashes(l.text()))
              : p);
    }
    return new SigmaString(parts);
  }

  private static String plain(Object o) {
    if (o instanceof SigmaString s && !s.hasWildcards() && !s.hasPlaceholders()) {
      return s.toString();
    }
    throw new IllegalArgumentException("only plain text can be encoded, not '" + o + "'");
  }

  private static byte[] bytes(Object o) {
    return o instanceof byte[] b ? b : plain(o).getBytes(StandardCharsets.UTF_8);
  }

  private List<SigmaString> expand(SigmaString s) {
    return s.expand(
        name -> {
          List<String> values = options.placeholders().get(name);
          if (values == null) {
            if (options.unknownPlaceholders() == CompileOptions.UnknownPlaceholders.FAIL) {
              throw new IllegalArgumentException(
                  "placeholder %" + name + "% has no values; set them in CompileOptions");
            }
            return List.of(new SigmaString(List.of(SigmaString.Wildcard.MANY)));
          }
          return values.stream().map(SigmaString::parse).toList();
        });
  }

  private ValueTest fieldRef(List<Modifier> mods, String other, boolean cased) {
    int otherSlot = table.slot(other);
    boolean contains = mods.contains(Modifier.CONTAINS);
    boolean starts = mods.contains(Modifier.STARTSWITH);
    boolean ends = mods.contains(Modifier.ENDSWITH);
    return (value, ev, slot) -> {
      String s = Values.text(value);
      if (s == null) {
        return false;
      }
      Object o = ev.value(otherSlot);
      List<?> others = o instanceof List<?> l ? l : java.util.Collections.singletonList(o);
      for (Object x : others) {
        String t = x == null ? null : Values.text(x);
        if (t == null) {
          continue;
        }
        String a = cased ? s : s.toLowerCase(java.util.Locale.ROOT);
        String b = cased ? t : t.toLowerCase(java.util.Locale.ROOT);
        boolean r =
            contains
                ? a.contains(b)
                : starts ? a.startsWith(b) : ends ? a.endsWith(b) : a.equals(b);
        if (r) {
          return true;
        }
      }
      return false;
    };
  }
}
