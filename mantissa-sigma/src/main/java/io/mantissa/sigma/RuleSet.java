package io.mantissa.sigma;

import io.mantissa.api.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Many rules compiled together so that they share work: each distinct field path is looked up once
 * per event, each string value lower-cased once, and each distinct leaf test (same field, modifiers
 * and values) evaluated once per event whatever the number of rules using it. Rules are grouped by
 * log source so that {@link #match(Event, LogSource)} skips groups that do not apply. Filters in
 * the input are applied to the rules they name. Instances are thread-safe.
 */
public final class RuleSet {
  private final FieldTable table;
  private final List<CompiledRule> rules;
  private final Map<LogSource, List<CompiledRule>> byLogSource;
  private final List<SigmaCorrelation> correlations;
  private final ThreadLocal<EventView> views;
  private final java.util.Set<SigmaRule> silent;

  private RuleSet(
      FieldTable table,
      List<CompiledRule> rules,
      Map<LogSource, List<CompiledRule>> byLogSource,
      List<SigmaCorrelation> correlations) {
    this.table = table;
    this.rules = rules;
    this.byLogSource = byLogSource;
    this.correlations = correlations;
    this.views = ThreadLocal.withInitial(() -> new EventView(table));
    java.util.Set<SigmaRule> s =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
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
    this.silent = java.util.Collections.unmodifiableSet(s);
  }

  /**
   * Whether matches of {@code rule} should alert on their own: false when the rule is only used by
   * correlations (all of which say {@code generate: false}, the default), as the correlation
   * specification says.
   */
  public boolean generatesAlerts(SigmaRule rule) {
    return !silent.contains(rule);
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
    Map<LogSource, List<CompiledRule>> groups = new LinkedHashMap<>();
    for (SigmaDocument d : documents) {
      if (d instanceof SigmaRule rule) {
        List<SigmaFilter> applicable = new ArrayList<>();
        for (SigmaFilter f : filters) {
          if (f.appliesTo(rule)) {
            applicable.add(f);
          }
        }
        CompiledRule compiled = new CompiledRule(rule, compiler.rule(rule, applicable), table);
        rules.add(compiled);
        groups.computeIfAbsent(rule.metadata().logSource(), k -> new ArrayList<>()).add(compiled);
      }
    }
    table.freeze();
    Map<LogSource, List<CompiledRule>> frozen = new LinkedHashMap<>();
    groups.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new RuleSet(table, List.copyOf(rules), frozen, List.copyOf(correlations));
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

  /** The indices (in {@link #rules()}) of the rules that match the event. */
  java.util.BitSet matchIndices(Event event) {
    EventView view = views.get().reset(event);
    java.util.BitSet out = new java.util.BitSet(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).matches(view)) {
        out.set(i);
      }
    }
    return out;
  }

  /** The rules that match the event, whatever their log source. */
  public List<SigmaRule> match(Event event) {
    EventView view = views.get().reset(event);
    List<SigmaRule> out = new ArrayList<>();
    for (CompiledRule r : rules) {
      if (r.matches(view)) {
        out.add(r.rule());
      }
    }
    return out;
  }

  /**
   * The rules whose log source covers {@code eventSource} and that match the event. Rules of other
   * log sources are not evaluated at all.
   */
  public List<SigmaRule> match(Event event, LogSource eventSource) {
    EventView view = views.get().reset(event);
    List<SigmaRule> out = new ArrayList<>();
    for (Map.Entry<LogSource, List<CompiledRule>> group : byLogSource.entrySet()) {
      if (!group.getKey().covers(eventSource)) {
        continue;
      }
      for (CompiledRule r : group.getValue()) {
        if (r.matches(view)) {
          out.add(r.rule());
        }
      }
    }
    return out;
  }
}
