package io.mantissa.sigma;

import io.mantissa.api.Event;
import java.util.ArrayList;
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
  private int epoch;
  private Event event;
  private List<String> strings;
  private List<String> stringsLower;

  EventView(FieldTable table) {
    this.table = table;
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
    }
    return this;
  }

  Object value(int slot) {
    if (valueEpoch[slot] != epoch) {
      values[slot] = event.field(table.path(slot));
      valueEpoch[slot] = epoch;
    }
    return values[slot];
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

  /** The patterns of {@code index} matching the scalar value of its slot, computed once. */
  long[] hits(PatternIndex index, String normalized) {
    int i = index.id();
    if (hitsEpoch[i] != epoch) {
      hits[i] = index.match(normalized);
      hitsEpoch[i] = epoch;
    }
    return hits[i];
  }

  /** The keyword patterns of {@code index} matching any string value of the event. */
  long[] keywordHits(PatternIndex index) {
    int i = index.id();
    if (hitsEpoch[i] != epoch) {
      long[] union = null;
      List<String> values = index.cased() ? strings() : stringsLower();
      for (String v : values) {
        long[] h = index.match(v);
        if (union == null) {
          union = h;
        } else {
          for (int w = 0; w < union.length; w++) {
            union[w] |= h[w];
          }
        }
      }
      hits[i] = union == null ? new long[(index.size() + 63) >>> 6] : union;
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

  private static void collect(Object node, List<String> out) {
    if (node instanceof Map<?, ?> map) {
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
