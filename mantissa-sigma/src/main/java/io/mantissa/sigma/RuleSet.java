package io.mantissa.sigma;

import io.mantissa.api.Event;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Many rules compiled together so that they share work:
 *
 * <ul>
 *   <li>each distinct field path is looked up once per event and each scalar string value
 *       lower-cased once (list elements, {@code windash} and {@code fieldref} values are
 *       lower-cased by each test that reads them);
 *   <li>the plain, prefix, suffix and infix patterns of all rules on one field are matched together
 *       in one pass over the value (tries and an Aho-Corasick automaton), and so are the keywords
 *       of all rules over the event's strings;
 *   <li>each distinct leaf test (same field, modifiers and values) is evaluated at most once per
 *       event whatever the number of rules using it;
 *   <li>a rule with an <em>anchor</em> (a set of patterns of which one must match for the rule to
 *       match, derived from its condition) is only evaluated for events where an anchor matched;
 *   <li>rules are grouped by log source, and {@link #match(Event, LogSource)} skips the groups that
 *       do not apply.
 * </ul>
 *
 * <p>Filters in the input are applied to the rules they name. Instances are thread-safe.
 */
public final class RuleSet {

  /** The anchored rules of one field's pattern index. */
  private record AnchorTable(PatternIndex index, int slot, long[] mask, int[][] rulesByPattern) {}

  private final FieldTable table;
  private final List<CompiledRule> rules;
  private final Map<LogSource, BitSet> byLogSource;
  private final Map<LogSource, Route> coverCache = new ConcurrentHashMap<>();
  private final Map<List<Object>, Route> tableCache = new ConcurrentHashMap<>();

  /** Most table routes cached (a caller passing a new function each time starts it afresh). */
  private static final int MAX_TABLE_ROUTES = 1024;

  /**
   * What events of one log source need: the rules that cover it, and only the anchor tables that
   * hold some of those rules (the others cannot add a candidate that survives the log source), so
   * that fields only other sources' rules read are not looked up.
   */
  private record Route(BitSet covering, BitSet unanchored, List<AnchorTable> tables, int[] slots) {}

  private final List<SigmaCorrelation> correlations;
  private final ThreadLocal<EventView> views;
  private final Set<SigmaRule> silent;
  private final BitSet unanchored;
  private final List<AnchorTable> anchorTables;

  private RuleSet(
      FieldTable table,
      List<CompiledRule> rules,
      Map<LogSource, BitSet> byLogSource,
      List<SigmaCorrelation> correlations,
      BitSet unanchored,
      List<AnchorTable> anchorTables) {
    this.table = table;
    this.rules = rules;
    this.byLogSource = byLogSource;
    this.correlations = correlations;
    this.unanchored = unanchored;
    this.anchorTables = anchorTables;
    this.views = ThreadLocal.withInitial(() -> new EventView(table));
    Set<SigmaRule> s = Collections.newSetFromMap(new IdentityHashMap<>());
    for (CompiledRule r : rules) {
      boolean referenced = false;
      boolean generate = false;
      for (SigmaCorrelation c : correlations) {
        if (c.rules().stream().anyMatch(r.rule().metadata()::isReferencedBy)) {
          referenced = true;
          generate |= c.generate();
        }
      }
      if (referenced && !generate) {
        s.add(r.rule());
      }
    }
    this.silent = Collections.unmodifiableSet(s);
  }

  /** Compiles the rules (and applies the filters) among {@code documents} with default options. */
  public static RuleSet compile(Collection<? extends SigmaDocument> documents) {
    return compile(documents, CompileOptions.defaults());
  }

  /**
   * Compiles the rules among {@code documents}, applying the filters among them; correlations are
   * kept for {@link CorrelationEngine}.
   *
   * @throws io.mantissa.api.MantissaException with {@code INVALID_ARGUMENT} naming the rule when
   *     one cannot be compiled
   */
  public static RuleSet compile(
      Collection<? extends SigmaDocument> documents, CompileOptions options) {
    Objects.requireNonNull(options, "options");
    List<SigmaFilter> filters = new ArrayList<>();
    List<SigmaCorrelation> correlations = new ArrayList<>();
    for (SigmaDocument d : documents) {
      if (d instanceof SigmaFilter f) {
        filters.add(f);
      } else if (d instanceof SigmaCorrelation c) {
        correlations.add(c);
      }
    }
    FieldTable table = new FieldTable();
    RuleCompiler compiler = new RuleCompiler(table, options);
    List<CompiledRule> rules = new ArrayList<>();
    List<List<RuleCompiler.Anchor>> anchors = new ArrayList<>();
    Map<LogSource, BitSet> groups = new LinkedHashMap<>();
    for (SigmaDocument d : documents) {
      if (d instanceof SigmaRule rule) {
        List<SigmaFilter> applicable = new ArrayList<>();
        for (SigmaFilter f : filters) {
          if (f.appliesTo(rule)) {
            applicable.add(f);
          }
        }
        CompiledRule compiled = new CompiledRule(rule, compiler.rule(rule, applicable), table);
        anchors.add(compiler.anchors(rule, applicable));
        groups.computeIfAbsent(rule.metadata().logSource(), k -> new BitSet()).set(rules.size());
        rules.add(compiled);
      }
    }
    table.freeze();
    BitSet unanchored = new BitSet(rules.size());
    Map<PatternIndex, Map<Integer, List<Integer>>> byIndex = new LinkedHashMap<>();
    for (int r = 0; r < rules.size(); r++) {
      List<RuleCompiler.Anchor> a = anchors.get(r);
      if (a == null || a.isEmpty()) {
        unanchored.set(r);
        continue;
      }
      for (RuleCompiler.Anchor anchor : a) {
        byIndex
            .computeIfAbsent(anchor.index(), k -> new LinkedHashMap<>())
            .computeIfAbsent(anchor.pid(), k -> new ArrayList<>())
            .add(r);
      }
    }
    List<AnchorTable> tables = new ArrayList<>();
    for (Map.Entry<PatternIndex, Map<Integer, List<Integer>>> e : byIndex.entrySet()) {
      PatternIndex index = e.getKey();
      long[] mask = new long[(index.size() + 63) >>> 6];
      int[][] byPattern = new int[index.size()][];
      for (Map.Entry<Integer, List<Integer>> p : e.getValue().entrySet()) {
        int pid = p.getKey();
        mask[pid >>> 6] |= 1L << pid;
        byPattern[pid] = p.getValue().stream().distinct().mapToInt(Integer::intValue).toArray();
      }
      tables.add(new AnchorTable(index, index.slot(), mask, byPattern));
    }
    return new RuleSet(
        table, List.copyOf(rules), groups, List.copyOf(correlations), unanchored, tables);
  }

  /**
   * Whether matches of {@code rule} should alert on their own: false when the rule is only used by
   * correlations (all of which say {@code generate: false}, the default), as the correlation
   * specification says.
   */
  public boolean generatesAlerts(SigmaRule rule) {
    return !silent.contains(rule);
  }

  /** The compiled rules in input order. */
  public List<CompiledRule> rules() {
    return rules;
  }

  /** The correlations found in the input. */
  public List<SigmaCorrelation> correlations() {
    return correlations;
  }

  /** The number of distinct field paths the rules read. */
  public int fieldCount() {
    return table.size();
  }

  /** The number of distinct leaf tests, each evaluated at most once per event. */
  public int sharedTestCount() {
    return table.memoCount();
  }

  /** The number of rules evaluated only when one of their anchor patterns matches. */
  public int anchoredRuleCount() {
    return rules.size() - unanchored.cardinality();
  }

  /** The rules that match the event, whatever their log source. */
  public List<SigmaRule> match(Event event) {
    EventView view = views.get().reset(event);
    return collect(view, candidates(view, unanchored, anchorTables));
  }

  /**
   * The rules whose log source covers {@code eventSource} and that match the event. Rules of other
   * log sources are not evaluated at all.
   */
  public List<SigmaRule> match(Event event, LogSource eventSource) {
    EventView view = views.get().reset(event);
    Route route = (Route) view.route(eventSource);
    if (route == null) {
      route = covering(eventSource);
      view.route(eventSource, route);
    }
    view.prefetch(route.slots());
    BitSet candidates = candidates(view, route.unanchored(), route.tables());
    candidates.and(route.covering());
    return collect(view, candidates);
  }

  /**
   * The indices (in {@link #rules()}) of the rules among {@code only} that match the event; the
   * other rules are not evaluated.
   */
  BitSet matchIndices(Event event, BitSet only) {
    EventView view = views.get().reset(event);
    BitSet candidates = candidates(view, unanchored, anchorTables);
    candidates.and(only);
    BitSet out = new BitSet(rules.size());
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      if (rules.get(i).matches(view)) {
        out.set(i);
      }
    }
    return out;
  }

  private List<SigmaRule> collect(EventView view, BitSet candidates) {
    List<SigmaRule> out = new ArrayList<>();
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      CompiledRule r = rules.get(i);
      if (r.matches(view)) {
        out.add(r.rule());
      }
    }
    return out;
  }

  private Route covering(LogSource eventSource) {
    return coverCache.computeIfAbsent(eventSource, ls -> route(group -> group.covers(ls)));
  }

  /**
   * The rules whose log source {@code tableOf} maps to {@code table} and that match the event: the
   * rules a field-mapping pipeline would query that table for (pass {@code logSource ->
   * mapping.table(logSource).orElse(null)} of a {@link io.mantissa.sigma.sql.FieldMapping}), so an
   * event of that table is evaluated against them whatever their services and categories. Rules of
   * other tables are not evaluated at all. Routes are cached per function instance and table: pass
   * the same function each time.
   */
  public List<SigmaRule> match(Event event, Function<LogSource, String> tableOf, String table) {
    Objects.requireNonNull(tableOf, "tableOf");
    Objects.requireNonNull(table, "table");
    EventView view = views.get().reset(event);
    Route route = (Route) view.tableRoute(tableOf, table);
    if (route == null) {
      List<Object> key = List.of(tableOf, table);
      route = tableCache.get(key);
      if (route == null) {
        if (tableCache.size() >= MAX_TABLE_ROUTES) {
          tableCache.clear();
        }
        route =
            tableCache.computeIfAbsent(
                key, k -> route(group -> table.equals(tableOf.apply(group))));
      }
      view.tableRoute(tableOf, table, route);
    }
    view.prefetch(route.slots());
    BitSet candidates = candidates(view, route.unanchored(), route.tables());
    candidates.and(route.covering());
    return collect(view, candidates);
  }

  /** The rules of the log sources {@code applies} accepts, and the anchor tables they need. */
  private Route route(Predicate<LogSource> applies) {
    BitSet b = new BitSet(rules.size());
    byLogSource.forEach(
        (group, members) -> {
          if (applies.test(group)) {
            b.or(members);
          }
        });
    BitSet free = (BitSet) unanchored.clone();
    free.and(b);
    List<AnchorTable> tables = new ArrayList<>();
    for (AnchorTable t : anchorTables) {
      boolean relevant = false;
      for (int[] byPattern : t.rulesByPattern()) {
        if (byPattern != null) {
          for (int r : byPattern) {
            relevant |= b.get(r);
          }
        }
      }
      if (relevant) {
        tables.add(t);
      }
    }
    return new Route(b, free, List.copyOf(tables), slots(tables));
  }

  /** The distinct field slots of anchor tables. */
  private static int[] slots(List<AnchorTable> tables) {
    return tables.stream().mapToInt(AnchorTable::slot).filter(s -> s >= 0).distinct().toArray();
  }

  /**
   * Unanchored rules, plus anchored rules one of whose anchors matches the event. The caller first
   * looks up the anchor fields together ({@link EventView#prefetch}).
   */
  private BitSet candidates(EventView view, BitSet unanchored, List<AnchorTable> tables) {
    BitSet out = view.candidates();
    out.or(unanchored);
    for (AnchorTable t : tables) {
      Object v = view.value(t.slot());
      if (v == null) {
        continue;
      }
      if (v instanceof String s) {
        // first, and a class test: on JDK 17 a failing test against an interface (Map, List)
        // scans the value's class's interfaces every time (no cache for failures)
        add(t, view.hits(t.index(), t.slot(), s), out);
        continue;
      }
      if (v instanceof Map<?, ?>) {
        continue;
      }
      if (v instanceof List<?> list) {
        for (Object o : list) {
          String s = o == null ? null : Values.text(o);
          if (s != null) {
            add(t, t.index().match(t.index().cased() ? s : s.toLowerCase(Locale.ROOT)), out);
          }
        }
      } else {
        String s = Values.text(v);
        if (s != null) {
          add(t, view.hits(t.index(), t.slot(), s), out);
        }
      }
    }
    return out;
  }

  private static void add(AnchorTable t, long[] hits, BitSet out) {
    long[] mask = t.mask();
    for (int w = 0; w < mask.length; w++) {
      long x = hits[w] & mask[w];
      while (x != 0) {
        int pid = (w << 6) + Long.numberOfTrailingZeros(x);
        for (int r : t.rulesByPattern()[pid]) {
          out.set(r);
        }
        x &= x - 1;
      }
    }
  }
}
