package io.mantissa.sigma;

import io.mantissa.api.Event;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One event as seen by compiled rules: each field path is looked up at most once per event, scalar
 * string values are lower-cased at most once (see {@link #lower}), and leaf results shared by
 * several rules are computed once. A view is reused across events (epochs avoid clearing arrays);
 * it is not thread-safe.
 */
final class EventView {
  private final FieldTable table;
  private Object[] values = new Object[0];
  private String[] lowered = new String[0];
  private int[] valueEpoch = new int[0];
  private int[] lowerEpoch = new int[0];
  private int[] memoEpoch = new int[0];
  private boolean[] memo = new boolean[0];
  private long[][] hits = new long[0][];
  private int[] hitsEpoch = new int[0];
  private Object[] nodes = new Object[0];
  private int[] nodeEpoch = new int[0];

  private int epoch;
  private Event event;
  private List<String> strings;
  private List<String> stringsLower;

  /** Routes of the rule set by log source instance, as {@link RuleSet} caches them per thread. */
  private final IdentityHashMap<Object, Object> routes = new IdentityHashMap<>();

  /** The candidate rules of the current event, reused across events. */
  private final BitSet candidates = new BitSet();

  EventView(FieldTable table) {
    this.table = table;
  }

  /** The route cached for this log source instance, or null. */
  Object route(Object logSource) {
    return routes.get(logSource);
  }

  /** Caches a route for a log source instance (at most 64, then the cache starts afresh). */
  void route(Object logSource, Object route) {
    if (routes.size() >= 64) {
      routes.clear();
    }
    routes.put(logSource, route);
  }

  /** Routes of the rule set by table instance, for {@link #tableRouteOwner}'s function. */
  private final IdentityHashMap<String, Object> tableRoutes = new IdentityHashMap<>();

  private Object tableRouteOwner;

  /** The route cached for this table-mapping function and table instance, or null. */
  Object tableRoute(Object tableOf, String table) {
    return tableOf == tableRouteOwner ? tableRoutes.get(table) : null;
  }

  /** Caches a route for a table instance (at most 64, one function at a time). */
  void tableRoute(Object tableOf, String table, Object route) {
    if (tableOf != tableRouteOwner || tableRoutes.size() >= 64) {
      tableRoutes.clear();
      tableRouteOwner = tableOf;
    }
    tableRoutes.put(table, route);
  }

  /** The reusable candidate set, cleared. */
  BitSet candidates() {
    candidates.clear();
    return candidates;
  }

  EventView reset(Event event) {
    this.event = event;
    this.strings = null;
    this.stringsLower = null;
    if (values.length < table.size()) {
      int n = table.size();
      values = new Object[n];
      lowered = new String[n];
      valueEpoch = new int[n];
      lowerEpoch = new int[n];
    }
    if (nodes.length < table.nodeCount()) {
      nodes = new Object[table.nodeCount()];
      nodeEpoch = new int[table.nodeCount()];
    }
    if (memo.length < table.memoCount()) {
      memo = new boolean[table.memoCount()];
      memoEpoch = new int[table.memoCount()];
    }
    if (hits.length < table.indexCount()) {
      hits = new long[table.indexCount()][];
      hitsEpoch = new int[table.indexCount()];
    }
    epoch++;
    if (epoch == Integer.MAX_VALUE) {
      java.util.Arrays.fill(hitsEpoch, 0);
      epoch = 1;
      java.util.Arrays.fill(valueEpoch, 0);
      java.util.Arrays.fill(lowerEpoch, 0);
      java.util.Arrays.fill(memoEpoch, 0);
      java.util.Arrays.fill(nodeEpoch, 0);
    }
    return this;
  }

  /**
   * The value at the slot's path, as {@link io.mantissa.api.FieldPath#lookup} finds it: a dotted
   * path is first tried as one key of the root (only when some root key holds a dot, checked once
   * per event), then walked segment by segment, sharing the walk to common prefixes between paths.
   */
  Object value(int slot) {
    if (valueEpoch[slot] != epoch) {
      values[slot] = lookup(slot);
      valueEpoch[slot] = epoch;
    }
    return values[slot];
  }

  private Object lookup(int slot) {
    int node = table.slotNode(slot);
    if (node >= 0) {
      return node(node);
    }
    Object direct = event.fields().get(table.slotPath(slot));
    if (direct != null) {
      return direct;
    }
    return step(node(table.slotParent(slot)), table.slotLast(slot));
  }

  /** The value a walk from the root reaches at a node, computed once per event. */
  private Object node(int node) {
    if (nodeEpoch[node] != epoch) {
      int parent = table.nodeParent(node);
      Object from = parent < 0 ? event.fields() : node(parent);
      nodes[node] = step(from, table.nodeSegment(node));
      nodeEpoch[node] = epoch;
    }
    return nodes[node];
  }

  /** One segment of a walk, as {@link io.mantissa.api.FieldPath#lookup} takes it. */
  private static Object step(Object current, String segment) {
    if (current instanceof Map<?, ?> map) {
      return map.get(segment);
    }
    if (current instanceof List<?> list) {
      return listElement(list, segment);
    }
    return null;
  }

  private static Object listElement(List<?> list, String segment) {
    int index = 0;
    if (segment.isEmpty() || segment.length() > 9) {
      return null;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      index = index * 10 + (c - '0');
    }
    return index < list.size() ? list.get(index) : null;
  }

  /** Keeps the loads of {@link #prefetch} alive. */
  private int touched;

  /**
   * Looks up the values of {@code slots} one after the other, with nothing in between: the cache
   * misses of independent lookups in the (cold) event maps then overlap instead of being paid one
   * at a time between pattern matches.
   */
  void prefetch(int[] slots) {
    int t = 0;
    for (int slot : slots) {
      if (value(slot) != null) {
        t++;
      }
    }
    touched += t;
  }

  /** {@code s} lower-cased; cached when {@code s} is the scalar value of {@code slot}. */
  String lower(int slot, String s) {
    if (slot < 0) {
      return s.toLowerCase(Locale.ROOT);
    }
    if (lowerEpoch[slot] != epoch) {
      lowered[slot] = s.toLowerCase(Locale.ROOT);
      lowerEpoch[slot] = epoch;
    }
    return lowered[slot];
  }

  /** Whether the field at {@code slot} is present, even with a null value. */
  boolean exists(int slot) {
    if (value(slot) != null) {
      return true;
    }
    return Values.present(event.fields(), table.path(slot));
  }

  /**
   * The patterns of {@code index} matching {@code raw}, the scalar value of the index's slot,
   * computed once per event; the value is lower-cased (once, see {@link #lower}) only when the
   * index needs it.
   */
  long[] hits(PatternIndex index, int slot, String raw) {
    int i = index.id();
    if (hitsEpoch[i] != epoch) {
      long[] h = hits[i];
      if (h == null) {
        h = new long[(index.size() + 63) >>> 6];
        hits[i] = h;
      } else {
        java.util.Arrays.fill(h, 0L);
      }
      index.matchInto(index.needsLower() ? lower(slot, raw) : raw, h);
      hitsEpoch[i] = epoch;
    }
    return hits[i];
  }

  /** The keyword patterns of {@code index} matching any string value of the event. */
  long[] keywordHits(PatternIndex index) {
    int i = index.id();
    if (hitsEpoch[i] != epoch) {
      long[] union = hits[i];
      if (union == null) {
        union = new long[(index.size() + 63) >>> 6];
        hits[i] = union;
      } else {
        java.util.Arrays.fill(union, 0L);
      }
      if (index.needsLower() || strings != null) {
        for (String v : index.needsLower() ? stringsLower() : strings()) {
          index.matchInto(v, union);
        }
      } else {
        // raw values straight from the event's tree, no list of them
        matchAll(event.fields(), index, union);
      }
      hitsEpoch[i] = epoch;
    }
    return hits[i];
  }

  int memo(int id) {
    return memoEpoch[id] == epoch ? (memo[id] ? 1 : 0) : -1;
  }

  boolean remember(int id, boolean result) {
    memoEpoch[id] = epoch;
    memo[id] = result;
    return result;
  }

  /** Every scalar value of the event's native fields as text, for keyword search. */
  List<String> strings() {
    if (strings == null) {
      strings = new ArrayList<>();
      collect(event.fields(), strings);
    }
    return strings;
  }

  List<String> stringsLower() {
    if (stringsLower == null) {
      List<String> s = strings();
      stringsLower = new ArrayList<>(s.size());
      for (String x : s) {
        stringsLower.add(x.toLowerCase(Locale.ROOT));
      }
    }
    return stringsLower;
  }

  /** Matches every scalar value of the tree (as {@link #collect} lists them) into {@code bits}. */
  private static void matchAll(Object node, PatternIndex index, long[] bits) {
    if (node instanceof String s) {
      index.matchInto(s, bits);
    } else if (node instanceof Map<?, ?> map) {
      for (Object v : map.values()) {
        matchAll(v, index, bits);
      }
    } else if (node instanceof List<?> list) {
      for (Object v : list) {
        matchAll(v, index, bits);
      }
    } else if (node != null) {
      String text = Values.text(node);
      if (text != null) {
        index.matchInto(text, bits);
      }
    }
  }

  private static void collect(Object node, List<String> out) {
    if (node instanceof String s) {
      out.add(s); // first: a failing test against an interface is slow on JDK 17
    } else if (node instanceof Map<?, ?> map) {
      for (Object v : map.values()) {
        collect(v, out);
      }
    } else if (node instanceof List<?> list) {
      for (Object v : list) {
        collect(v, out);
      }
    } else if (node != null) {
      String text = Values.text(node);
      if (text != null) {
        out.add(text);
      }
    }
  }
}
