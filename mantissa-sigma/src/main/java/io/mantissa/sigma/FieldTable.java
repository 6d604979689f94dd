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

  /**
   * Walk nodes: the prefixes {@code s1}, {@code s1.s2}, ... of the field paths, each reached from
   * its parent node (or the event's root, {@code -1}) by one segment. Rules with paths sharing a
   * prefix share the walk to it (see {@link EventView#value}). Segments and paths are interned:
   * JSON parsers intern the keys they read, so map lookups find them by identity.
   */
  private String[] nodeSegments = new String[0];

  private int[] nodeParents = new int[0];
  private int[] slotNode = new int[0];
  private int[] slotParent = new int[0];
  private String[] slotLast = new String[0];
  private String[] slotPath = new String[0];

  /** Builds the pattern indexes and the walk nodes; call once all rules are compiled. */
  void freeze() {
    for (PatternIndex index : indexes.values()) {
      index.build();
    }
    Map<String, Integer> nodes = new HashMap<>();
    List<String> segmentsOfNodes = new ArrayList<>();
    List<Integer> parentsOfNodes = new ArrayList<>();
    int n = paths.size();
    slotNode = new int[n];
    slotParent = new int[n];
    slotLast = new String[n];
    slotPath = new String[n];
    for (int slot = 0; slot < n; slot++) {
      List<String> segments = paths.get(slot).segments();
      int parent = -1;
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < segments.size(); i++) {
        if (i > 0) {
          prefix.append('.');
        }
        prefix.append(segments.get(i));
        if (i == segments.size() - 1 && segments.size() > 1) {
          break;
        }
        // the NUL separator keeps "a.b" (two segments) apart from a key holding a dot
        String key = parent + "\u0000" + segments.get(i);
        Integer id = nodes.get(key);
        if (id == null) {
          id = segmentsOfNodes.size();
          nodes.put(key, id);
          segmentsOfNodes.add(segments.get(i).intern());
          parentsOfNodes.add(parent);
        }
        parent = id;
      }
      slotPath[slot] = paths.get(slot).path().intern();
      if (segments.size() == 1) {
        slotNode[slot] = parent;
        slotParent[slot] = -1;
      } else {
        slotNode[slot] = -1;
        slotParent[slot] = parent;
        slotLast[slot] = segments.get(segments.size() - 1).intern();
      }
    }
    nodeSegments = segmentsOfNodes.toArray(new String[0]);
    nodeParents = parentsOfNodes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The walk node a one-segment path's value is (its only segment from the root), else -1. */
  int slotNode(int slot) {
    return slotNode[slot];
  }

  /** The walk node holding the parent of a dotted path's last segment. */
  int slotParent(int slot) {
    return slotParent[slot];
  }

  /** The last segment of a dotted path. */
  String slotLast(int slot) {
    return slotLast[slot];
  }

  /** The path as written (tried as one key at the root first). */
  String slotPath(int slot) {
    return slotPath[slot];
  }

  int nodeCount() {
    return nodeSegments.length;
  }

  /** The segment leading to a node from its parent. */
  String nodeSegment(int node) {
    return nodeSegments[node];
  }

  /** A node's parent node, -1 for the root. */
  int nodeParent(int node) {
    return nodeParents[node];
  }

  FieldPath path(int slot) {
    return paths.get(slot);
  }

  int size() {
    return paths.size();
  }
}
