package io.mantissa.sigma;

import io.mantissa.api.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The distinct field paths of a set of compiled rules, each with a slot number. */
final class FieldTable {
  private final Map<String, Integer> slots = new HashMap<>();
  private final List<FieldPath> paths = new ArrayList<>();
  private final Map<String, Integer> memoIds = new HashMap<>();
  private final Map<String, PatternIndex> indexes = new HashMap<>();

  int slot(String field) {
    Integer slot = slots.get(field);
    if (slot == null) {
      slot = paths.size();
      slots.put(field, slot);
      paths.add(FieldPath.of(field));
    }
    return slot;
  }

  /** A stable id for a leaf test, equal for equal keys, so that rules share its result. */
  int memoId(String key) {
    return memoIds.computeIfAbsent(key, k -> memoIds.size());
  }

  int memoCount() {
    return memoIds.size();
  }

  /** The shared pattern index of a field slot (separate for case-sensitive patterns). */
  PatternIndex index(int slot, boolean cased) {
    return indexes.computeIfAbsent(
        slot + (cased ? "c" : "i"), k -> new PatternIndex(indexes.size(), slot, cased));
  }

  int indexCount() {
    return indexes.size();
  }

  /** Builds the pattern indexes; call once all rules are compiled. */
  void freeze() {
    for (PatternIndex index : indexes.values()) {
      index.build();
    }
  }

  FieldPath path(int slot) {
    return paths.get(slot);
  }

  int size() {
    return paths.size();
  }
}
