package io.mantissa.sigma;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Runs correlation rules in memory over a stream of events, by event time.
 *
 * <p>Conditions with lower bounds only ({@code gt}, {@code gte}) use a sliding window of {@code
 * timespan} per group and fire as soon as they hold; the group then starts afresh. Other conditions
 * ({@code lt}, {@code lte}, {@code eq}, ranges) need the whole window: a window opens at the first
 * event of a group, closes {@code timespan} later, and is judged when event time (or {@link
 * #advanceTo(Instant)}) passes its end. {@code temporal} fires when all referenced rules (or as
 * many as its condition asks) matched within the timespan; {@code temporal_ordered} also requires
 * their order: it fires on the chain with the latest start and reports that chain's events in step
 * order (of several chains with that start, the one whose steps are latest, from the last step
 * backwards; events with equal timestamps in arrival order, an event matching several steps as the
 * highest step first). State is bounded by {@link CorrelationLimits}; evictions are counted.
 *
 * <p>Not thread-safe: feed one stream from one thread.
 */
public final class CorrelationEngine {
  private static final int MAX_IDS = 100;

  private final RuleSet rules;
  private final List<Runner> runners = new ArrayList<>();
  private final CorrelationLimits limits;
  private long evictedGroups;
  private long evictedEvents;
  private Instant watermark = Instant.MIN;
  private long chained;

  /** The indices of the rules some correlation refers to: the only ones evaluated per event. */
  private final BitSet referenced = new BitSet();

  private CorrelationEngine(RuleSet rules, CorrelationLimits limits) {
    this.rules = rules;
    this.limits = limits;
  }

  /** An engine for the correlations among {@code documents}, with default limits and options. */
  public static CorrelationEngine create(Collection<? extends SigmaDocument> documents) {
    return create(documents, CorrelationLimits.defaults(), CompileOptions.defaults());
  }

  /**
   * An engine for the correlations among {@code documents}; the rules and correlations they refer
   * to (by id or name) must be among {@code documents} too. A correlation that refers to another
   * correlation is fed that correlation's matches as events (time: the end of the match, fields:
   * its group-by values), as the specification's chaining examples expect.
   *
   * @throws MantissaException with {@code INVALID_ARGUMENT} for an unknown reference or a cycle of
   *     correlations
   */
  public static CorrelationEngine create(
      Collection<? extends SigmaDocument> documents,
      CorrelationLimits limits,
      CompileOptions options) {
    Objects.requireNonNull(limits, "limits");
    List<SigmaDocument> base = new ArrayList<>();
    List<SigmaCorrelation> correlations = new ArrayList<>();
    for (SigmaDocument d : documents) {
      if (d instanceof SigmaCorrelation c) {
        correlations.add(c);
      } else {
        base.add(d);
      }
    }
    RuleSet set = RuleSet.compile(base, options);
    CorrelationEngine engine = new CorrelationEngine(set, limits);
    int n = correlations.size();
    int[][] ruleIndices = new int[n][];
    int[][] upstream = new int[n][];
    for (int k = 0; k < n; k++) {
      SigmaCorrelation c = correlations.get(k);
      ruleIndices[k] = new int[c.rules().size()];
      upstream[k] = new int[c.rules().size()];
      for (int i = 0; i < c.rules().size(); i++) {
        String ref = c.rules().get(i);
        ruleIndices[k][i] = -1;
        upstream[k][i] = -1;
        for (int r = 0; r < set.rules().size(); r++) {
          if (set.rules().get(r).rule().metadata().isReferencedBy(ref)) {
            ruleIndices[k][i] = r;
            engine.referenced.set(r);
            break;
          }
        }
        if (ruleIndices[k][i] < 0) {
          for (int o = 0; o < n; o++) {
            if (correlations.get(o).metadata().isReferencedBy(ref)) {
              upstream[k][i] = o;
              break;
            }
          }
        }
        if (ruleIndices[k][i] < 0 && upstream[k][i] < 0) {
          throw new MantissaException(
              ErrorCode.INVALID_ARGUMENT,
              "correlation '"
                  + c.metadata().title()
                  + "' ("
                  + c.metadata().location()
                  + ") refers to '"
                  + ref
                  + "', which is neither the id nor the name of a given rule or correlation");
        }
      }
    }
    // chained correlations run after the correlations they consume
    int[] state = new int[n];
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      visit(k, correlations, upstream, state, order);
    }
    int[] position = new int[n];
    for (int p = 0; p < n; p++) {
      position[order.get(p)] = p;
    }
    for (int k : order) {
      int[] up = upstream[k].clone();
      for (int i = 0; i < up.length; i++) {
        if (up[i] >= 0) {
          up[i] = position[up[i]];
        }
      }
      engine.runners.add(engine.new Runner(correlations.get(k), ruleIndices[k], up));
    }
    return engine;
  }

  private static void visit(
      int k, List<SigmaCorrelation> all, int[][] upstream, int[] state, List<Integer> order) {
    if (state[k] == 2) {
      return;
    }
    if (state[k] == 1) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "correlation '"
              + all.get(k).metadata().title()
              + "' ("
              + all.get(k).metadata().location()
              + ") is part of a cycle of correlations");
    }
    state[k] = 1;
    for (int u : upstream[k]) {
      if (u >= 0) {
        visit(u, all, upstream, state, order);
      }
    }
    state[k] = 2;
    order.add(k);
  }

  /**
   * Feeds one event; returns the correlations that fired, including chained correlations fed by the
   * matches of the correlations they refer to.
   */
  public List<CorrelationMatch> process(Event event) {
    if (event.time().isAfter(watermark)) {
      watermark = event.time();
    }
    BitSet matched = rules.matchIndices(event, referenced);
    return run(event, matched);
  }

  private List<CorrelationMatch> run(Event event, BitSet matched) {
    List<CorrelationMatch> out = new ArrayList<>();
    List<List<CorrelationMatch>> emitted = new ArrayList<>(runners.size());
    for (Runner runner : runners) {
      List<CorrelationMatch> local = new ArrayList<>();
      runner.close(watermark, local);
      if (event != null && !matched.isEmpty()) {
        runner.accept(
            event, i -> runner.ruleIndices[i] >= 0 && matched.get(runner.ruleIndices[i]), local);
      }
      for (int i = 0; i < runner.upstream.length; i++) {
        int u = runner.upstream[i];
        if (u < 0 || (i > 0 && contains(runner.upstream, u, i))) {
          continue;
        }
        for (CorrelationMatch m : emitted.get(u)) {
          runner.accept(asEvent(m), pos -> runner.upstream[pos] == u, local);
        }
      }
      emitted.add(local);
      out.addAll(local);
    }
    return out;
  }

  private static boolean contains(int[] values, int value, int before) {
    for (int i = 0; i < before; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** A correlation match as an event for the correlations that chain on it. */
  private Event asEvent(CorrelationMatch m) {
    Map<String, Object> fields = new HashMap<>();
    List<String> names = m.correlation().groupBy();
    for (int i = 0; i < names.size(); i++) {
      if (m.groupKey().get(i) != null) {
        fields.put(names.get(i), m.groupKey().get(i));
      }
    }
    return Event.of("correlation", m.windowEnd(), "correlation-" + (++chained), fields);
  }

  /** Moves event time forward without an event; closes and judges the windows that ended. */
  public List<CorrelationMatch> advanceTo(Instant time) {
    if (time.isAfter(watermark)) {
      watermark = time;
    }
    return run(null, new BitSet());
  }

  /** Groups dropped because a correlation exceeded {@link CorrelationLimits#maxGroups()}. */
  public long evictedGroups() {
    return evictedGroups;
  }

  /** Events dropped because a group exceeded {@link CorrelationLimits#maxEventsPerGroup()}. */
  public long evictedEvents() {
    return evictedEvents;
  }

  /** The number of groups currently held over all correlations. */
  public int groupCount() {
    int n = 0;
    for (Runner r : runners) {
      n += r.groups.size();
    }
    return n;
  }

  private record Entry(Instant time, String value, String id, int rule) {}

  private static final class Group {
    final List<String> key;
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    final Map<String, Integer> values = new HashMap<>();
    Instant windowStart;
    Instant[] seen;
    String[] seenIds;

    /**
     * temporal_ordered: {@code chains[i]} holds the ids of the events of steps 0..i of the chain
     * whose start is {@code seen[i]} (i + 1 ids), null when there is none.
     */
    String[][] chains;

    Group(List<String> key, int rules) {
      this.key = key;
      this.seen = new Instant[rules];
      this.seenIds = new String[rules];
      this.chains = new String[rules][];
    }
  }

  private final class Runner {
    private final SigmaCorrelation c;
    private final int[] ruleIndices;
    private final int[] upstream;
    private final FieldPath[][] groupPaths;
    private final FieldPath valuePath;
    private final Duration span;
    private final boolean sliding;
    private final LinkedHashMap<List<String>, Group> groups;

    Runner(SigmaCorrelation c, int[] ruleIndices, int[] upstream) {
      this.c = c;
      this.ruleIndices = ruleIndices;
      this.upstream = upstream;
      this.span = c.timespan();
      this.groupPaths = new FieldPath[ruleIndices.length][c.groupBy().size()];
      for (int i = 0; i < ruleIndices.length; i++) {
        for (int g = 0; g < c.groupBy().size(); g++) {
          String name = c.groupBy().get(g);
          Map<String, String> alias = c.aliases().get(name);
          String field =
              alias != null && alias.containsKey(c.rules().get(i))
                  ? alias.get(c.rules().get(i))
                  : name;
          groupPaths[i][g] = FieldPath.of(field);
        }
      }
      this.valuePath = c.valueField().map(FieldPath::of).orElse(null);
      boolean counting =
          c.type() == CorrelationType.EVENT_COUNT || c.type() == CorrelationType.VALUE_COUNT;
      this.sliding = !counting || c.condition().get().isLowerBoundOnly();
      boolean accessOrder = sliding;
      this.groups =
          new LinkedHashMap<>(16, 0.75f, accessOrder) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<List<String>, Group> eldest) {
              if (size() > limits.maxGroups()) {
                evictedGroups++;
                return true;
              }
              return false;
            }
          };
    }

    void accept(Event event, IntPredicate matched, List<CorrelationMatch> out) {
      boolean counted = false;
      for (int i = ruleIndices.length - 1; i >= 0; i--) {
        if (!matched.test(i)) {
          continue;
        }
        if (counted
            && (c.type() == CorrelationType.EVENT_COUNT
                || c.type() == CorrelationType.VALUE_COUNT)) {
          continue;
        }
        counted = true;
        List<String> key = new ArrayList<>(groupPaths[i].length);
        for (FieldPath p : groupPaths[i]) {
          key.add(Values.text(event.field(p)));
        }
        Group g = groups.get(key);
        if (g == null) {
          g = new Group(key, ruleIndices.length);
          groups.put(key, g);
        }
        switch (c.type()) {
          case EVENT_COUNT:
          case VALUE_COUNT:
            count(g, event, out);
            break;
          case TEMPORAL:
            temporal(g, i, event, out);
            break;
          default:
            ordered(g, i, event, out);
            break;
        }
      }
    }

    private void count(Group g, Event event, List<CorrelationMatch> out) {
      Instant t = event.time();
      if (!sliding && g.windowStart != null && t.isAfter(g.windowStart.plus(span))) {
        judge(g, g.windowStart.plus(span), out);
        g.entries.clear();
        g.values.clear();
        g.windowStart = null;
        // keep groups in window order so that closing stays a scan from the head
        groups.remove(g.key);
        groups.put(g.key, g);
      }
      if (g.windowStart == null) {
        g.windowStart = t;
      }
      if (sliding) {
        Instant from = t.minus(span);
        while (!g.entries.isEmpty() && g.entries.peekFirst().time().isBefore(from)) {
          remove(g, g.entries.pollFirst());
        }
      }
      String value = valuePath == null ? null : Values.text(event.field(valuePath));
      if (valuePath != null && value == null) {
        return;
      }
      if (g.entries.size() >= limits.maxEventsPerGroup()) {
        remove(g, g.entries.pollFirst());
        evictedEvents++;
      }
      g.entries.addLast(new Entry(t, value, event.id(), 0));
      if (value != null) {
        g.values.merge(value, 1, Integer::sum);
      }
      if (sliding) {
        long n = valuePath == null ? g.entries.size() : g.values.size();
        if (c.condition().get().test(n)) {
          out.add(match(g, g.entries.peekFirst().time(), t, n));
          groups.remove(g.key);
        }
      }
    }

    private void remove(Group g, Entry e) {
      if (e.value() != null) {
        g.values.computeIfPresent(e.value(), (k, v) -> v == 1 ? null : v - 1);
      }
    }

    private void judge(Group g, Instant end, List<CorrelationMatch> out) {
      long n = valuePath == null ? g.entries.size() : g.values.size();
      if (!g.entries.isEmpty() && c.condition().get().test(n)) {
        out.add(match(g, g.windowStart, end, n));
      }
    }

    void close(Instant now, List<CorrelationMatch> out) {
      if (sliding) {
        return;
      }
      Iterator<Group> it = groups.values().iterator();
      while (it.hasNext()) {
        Group g = it.next();
        Instant end = g.windowStart.plus(span);
        if (!now.isAfter(end)) {
          break;
        }
        judge(g, end, out);
        it.remove();
      }
    }

    private void temporal(Group g, int rule, Event event, List<CorrelationMatch> out) {
      Instant t = event.time();
      g.seen[rule] = t;
      g.seenIds[rule] = event.id();
      Instant from = t.minus(span);
      int distinct = 0;
      Instant first = t;
      for (int i = 0; i < g.seen.length; i++) {
        if (g.seen[i] != null && g.seen[i].isBefore(from)) {
          g.seen[i] = null;
          g.seenIds[i] = null;
        }
        if (g.seen[i] != null) {
          distinct++;
          if (g.seen[i].isBefore(first)) {
            first = g.seen[i];
          }
        }
      }
      final long d = distinct;
      boolean fire = c.condition().map(cc -> cc.test(d)).orElse(d == g.seen.length);
      if (fire) {
        List<String> ids = new ArrayList<>();
        for (String id : g.seenIds) {
          if (id != null) {
            ids.add(id);
          }
        }
        out.add(new CorrelationMatch(c, g.key, first, t, distinct, ids));
        groups.remove(g.key);
      }
    }

    /**
     * temporal_ordered: {@code g.seen[i]} is the start time of the latest chain (the one with the
     * latest start) that has completed steps 0..i with every step at most the timespan after its
     * start, and {@code g.chains[i]} the ids of that chain's events. An event of step 0 starts a
     * new chain; an event of step i > 0 extends the chain through step i - 1 when there is one, and
     * that extended chain replaces the one through step i unless the latter started later (which
     * happens only on a stream out of time order). On a stream in time order the replacement is
     * therefore unconditional: of several chains with the same start (two sign-ins after one
     * failure, or two failures with equal timestamps before one sign-in) the one extended last is
     * kept, so the chain through step i ends at the latest event of step i that found a live chain
     * through step i - 1, and the step before it is recursively the latest such event before that
     * one. Events with equal timestamps are taken in arrival order (the SQL of {@code SqlConverter}
     * takes them in event-id order: feed them so to get the same ids), and an event matching
     * several steps is taken as the highest step first ({@code accept}), so it never extends a
     * chain that it started or extended itself. A chain through the last step fires (window start:
     * its start, window end: this event, event ids: its events in step order) and starts the group
     * afresh. The state is n instants and at most n(n + 1)/2 ids per group.
     */
    private void ordered(Group g, int rule, Event event, List<CorrelationMatch> out) {
      Instant t = event.time();
      Instant from = t.minus(span);
      for (int i = 0; i < g.seen.length; i++) {
        if (g.seen[i] != null && g.seen[i].isBefore(from)) {
          g.seen[i] = null;
          g.chains[i] = null;
        }
      }
      if (rule == 0) {
        g.seen[0] = t;
        g.chains[0] = new String[] {event.id()};
      } else if (g.seen[rule - 1] != null
          && (g.seen[rule] == null || !g.seen[rule - 1].isBefore(g.seen[rule]))) {
        g.seen[rule] = g.seen[rule - 1];
        String[] chain = Arrays.copyOf(g.chains[rule - 1], rule + 1);
        chain[rule] = event.id();
        g.chains[rule] = chain;
      }
      int last = g.seen.length - 1;
      if (g.seen[last] != null) {
        out.add(
            new CorrelationMatch(
                c, g.key, g.seen[last], t, g.seen.length, List.of(g.chains[last])));
        groups.remove(g.key);
      }
    }

    private CorrelationMatch match(Group g, Instant start, Instant end, long n) {
      List<String> ids = new ArrayList<>();
      for (Entry e : g.entries) {
        if (ids.size() >= MAX_IDS) {
          break;
        }
        ids.add(e.id());
      }
      return new CorrelationMatch(c, g.key, start, end, n, ids);
    }
  }
}
