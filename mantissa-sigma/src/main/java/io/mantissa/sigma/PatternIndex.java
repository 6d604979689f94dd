package io.mantissa.sigma;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All plain, prefix, suffix and infix patterns that any rule applies to one field, matched
 * together: one pass over the value per event (a prefix trie, a suffix trie and an Aho-Corasick
 * automaton) yields every pattern that matches, so each rule's test is a bit lookup. Patterns are
 * registered while compiling, then {@link #build()} freezes the index.
 */
final class PatternIndex {
  private static final int[] NONE = new int[0];

  /** Characters below this have a direct slot in nodes with a dense table. */
  private static final int ASCII = 128;

  /** Nodes with at least this many children get a dense ASCII table. */
  private static final int DENSE_CHILDREN = 6;

  private static final class Node {
    final Map<Character, Node> children = new TreeMap<>();
    char[] keys = new char[0];
    Node[] next = new Node[0];
    int[] out = NONE;
    Node fail;

    /** Children by ASCII character, for nodes with many children (null otherwise). */
    Node[] ascii;

    /** The state number of an infix automaton node in the dense table, root 0. */
    int state;

    Node child(char c) {
      if (ascii != null && c < ASCII) {
        return ascii[c];
      }
      int i = Arrays.binarySearch(keys, c);
      return i >= 0 ? next[i] : null;
    }

    void add(int id) {
      out = Arrays.copyOf(out, out.length + 1);
      out[out.length - 1] = id;
    }
  }

  private final int id;
  private final int slot;
  private final boolean cased;
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<String, int[]> exact = new HashMap<>();
  private final Node prefixes = new Node();
  private final Node suffixes = new Node();
  private final Node infixes = new Node();
  private boolean hasPrefix;
  private boolean hasSuffix;
  private boolean hasInfix;
  private boolean built;

  /** Most cells of a dense infix table (states x character classes). */
  private static final int MAX_DENSE_CELLS = 1 << 18;

  /**
   * The infix automaton as a dense transition table over character classes (null when too big):
   * each distinct pattern character has a class, every other character class 0. In a
   * case-insensitive index, ASCII upper-case input characters take the class of their lower-case
   * form, so values need not be lower-cased first (see {@link #needsLower()}).
   */
  private int[] delta;

  private int classes;
  private final int[] asciiClass = new int[ASCII];
  private char[] wideChars = new char[0];
  private int[] wideClasses = NONE;
  private int[][] stateOut;

  private final int maxDenseCells;

  PatternIndex(int id, int slot, boolean cased) {
    this(id, slot, cased, MAX_DENSE_CELLS);
  }

  /** An index whose dense infix table may have at most {@code maxDenseCells} cells (0: none). */
  PatternIndex(int id, int slot, boolean cased, int maxDenseCells) {
    this.id = id;
    this.slot = slot;
    this.cased = cased;
    this.maxDenseCells = maxDenseCells;
  }

  boolean cased() {
    return cased;
  }

  int slot() {
    return slot;
  }

  int id() {
    return id;
  }

  int size() {
    return ids.size();
  }

  /** The pattern id of a normalized pattern text of the given shape. */
  int register(Glob.Shape shape, String text) {
    if (built) {
      throw new IllegalStateException("pattern index already built");
    }
    String key = shape.name() + '\u0000' + text;
    Integer existing = ids.get(key);
    if (existing != null) {
      return existing;
    }
    int pid = ids.size();
    ids.put(key, pid);
    switch (shape) {
      case EXACT:
        int[] old = exact.getOrDefault(text, NONE);
        int[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = pid;
        exact.put(text, grown);
        break;
      case PREFIX:
        insert(prefixes, text, false).add(pid);
        hasPrefix = true;
        break;
      case SUFFIX:
        insert(suffixes, text, true).add(pid);
        hasSuffix = true;
        break;
      case INFIX:
        insert(infixes, text, false).add(pid);
        hasInfix = true;
        break;
      default:
        throw new IllegalArgumentException("shape " + shape + " cannot be indexed");
    }
    return pid;
  }

  private static Node insert(Node root, String text, boolean reversed) {
    Node node = root;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(reversed ? n - 1 - i : i);
      node = node.children.computeIfAbsent(c, k -> new Node());
    }
    return node;
  }

  void build() {
    if (built) {
      return;
    }
    compact(prefixes);
    compact(suffixes);
    compact(infixes);
    // Aho-Corasick failure links, breadth first
    ArrayDeque<Node> queue = new ArrayDeque<>();
    infixes.fail = infixes;
    for (Node child : infixes.next) {
      child.fail = infixes;
      queue.add(child);
    }
    while (!queue.isEmpty()) {
      Node u = queue.poll();
      for (int i = 0; i < u.keys.length; i++) {
        char c = u.keys[i];
        Node v = u.next[i];
        Node f = u.fail;
        while (f != infixes && f.child(c) == null) {
          f = f.fail;
        }
        Node target = f.child(c);
        v.fail = target == null || target == v ? infixes : target;
        if (v.fail.out.length > 0) {
          int[] merged = Arrays.copyOf(v.out, v.out.length + v.fail.out.length);
          System.arraycopy(v.fail.out, 0, merged, v.out.length, v.fail.out.length);
          v.out = merged;
        }
        queue.add(v);
      }
    }
    if (hasInfix) {
      buildDense();
    }
    built = true;
  }

  /**
   * Whether {@link #matchInto} needs the value lower-cased: a case-insensitive index with plain,
   * prefix or suffix patterns, or without a dense infix table. Otherwise the raw value may be
   * passed: the dense table folds ASCII case itself and lower-cases values with other characters.
   */
  boolean needsLower() {
    return !cased && (!exact.isEmpty() || hasPrefix || hasSuffix || (hasInfix && delta == null));
  }

  private void buildDense() {
    List<Node> order = new ArrayList<>();
    java.util.TreeSet<Character> chars = new java.util.TreeSet<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    queue.add(infixes);
    while (!queue.isEmpty()) {
      Node u = queue.poll();
      u.state = order.size();
      order.add(u);
      for (int i = 0; i < u.keys.length; i++) {
        chars.add(u.keys[i]);
        queue.add(u.next[i]);
      }
    }
    int nClasses = chars.size() + 1;
    if ((long) order.size() * nClasses > maxDenseCells) {
      return;
    }
    Map<Character, Integer> classOf = new HashMap<>();
    List<Character> wide = new ArrayList<>();
    for (char c : chars) {
      classOf.put(c, classOf.size() + 1);
      if (c >= ASCII) {
        wide.add(c);
      }
    }
    for (int c = 0; c < ASCII; c++) {
      char folded = !cased && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : (char) c;
      asciiClass[c] = classOf.getOrDefault(folded, 0);
    }
    wideChars = new char[wide.size()];
    wideClasses = new int[wide.size()];
    for (int i = 0; i < wide.size(); i++) {
      wideChars[i] = wide.get(i);
      wideClasses[i] = classOf.get(wide.get(i));
    }
    int[] table = new int[order.size() * nClasses];
    stateOut = new int[order.size()][];
    // breadth first: a node's failure target has a smaller state and is filled already
    for (Node u : order) {
      int base = u.state * nClasses;
      stateOut[u.state] = u.out;
      if (u != infixes) {
        System.arraycopy(table, u.fail.state * nClasses, table, base, nClasses);
      }
      for (int i = 0; i < u.keys.length; i++) {
        table[base + classOf.get(u.keys[i])] = u.next[i].state;
      }
    }
    classes = nClasses;
    delta = table;
  }

  /** The class of a character at or above {@link #ASCII} (0 when no pattern has it). */
  private int wideClass(char c) {
    int i = Arrays.binarySearch(wideChars, c);
    return i >= 0 ? wideClasses[i] : 0;
  }

  /**
   * Runs the dense infix table over {@code s}: raw or lower-cased in a case-insensitive index
   * (ASCII letters are folded; at the first other character the rest is taken from {@code
   * s.toLowerCase(Locale.ROOT)}, whose characters before it are those of {@code s} folded).
   */
  private void denseInto(String s, long[] bits) {
    int[] table = delta;
    int[][] outs = stateOut;
    int n = classes;
    int state = 0;
    String text = s;
    boolean lowered = cased;
    int len = text.length();
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      int cls;
      if (c < ASCII) {
        cls = asciiClass[c];
      } else {
        if (!lowered) {
          lowered = true;
          text = text.toLowerCase(java.util.Locale.ROOT);
          len = text.length();
          c = text.charAt(i);
        }
        cls = c < ASCII ? asciiClass[c] : wideClass(c);
      }
      state = table[state * n + cls];
      int[] o = outs[state];
      if (o.length > 0) {
        set(bits, o);
      }
    }
  }

  private static void compact(Node root) {
    List<Node> stack = new ArrayList<>();
    stack.add(root);
    while (!stack.isEmpty()) {
      Node n = stack.remove(stack.size() - 1);
      n.keys = new char[n.children.size()];
      n.next = new Node[n.children.size()];
      int i = 0;
      for (Map.Entry<Character, Node> e : n.children.entrySet()) {
        n.keys[i] = e.getKey();
        n.next[i] = e.getValue();
        stack.add(e.getValue());
        i++;
      }
      if (n.keys.length >= DENSE_CHILDREN) {
        n.ascii = new Node[ASCII];
        for (int k = 0; k < n.keys.length; k++) {
          if (n.keys[k] < ASCII) {
            n.ascii[n.keys[k]] = n.next[k];
          }
        }
      }
    }
  }

  /** The ids of every registered pattern that matches the normalized value {@code s}. */
  long[] match(String s) {
    long[] bits = new long[(ids.size() + 63) >>> 6];
    matchInto(s, bits);
    return bits;
  }

  /**
   * Sets in {@code bits} (of {@code (size() + 63) / 64} words) the ids of every registered pattern
   * that matches the normalized value {@code s}; other bits are left as they are.
   */
  void matchInto(String s, long[] bits) {
    if (!exact.isEmpty()) {
      int[] e = exact.get(s);
      if (e != null) {
        set(bits, e);
      }
    }
    int n = s.length();
    if (hasPrefix) {
      set(bits, prefixes.out);
      Node node = prefixes;
      for (int i = 0; i < n && node != null; i++) {
        node = node.child(s.charAt(i));
        if (node != null) {
          set(bits, node.out);
        }
      }
    }
    if (hasSuffix) {
      set(bits, suffixes.out);
      Node node = suffixes;
      for (int i = n - 1; i >= 0 && node != null; i--) {
        node = node.child(s.charAt(i));
        if (node != null) {
          set(bits, node.out);
        }
      }
    }
    if (hasInfix && delta != null) {
      denseInto(s, bits);
    } else if (hasInfix) {
      Node node = infixes;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        Node next = node.child(c);
        while (next == null && node != infixes) {
          node = node.fail;
          next = node.child(c);
        }
        node = next == null ? infixes : next;
        if (node.out.length > 0) {
          set(bits, node.out);
        }
      }
    }
  }

  private static void set(long[] bits, int[] idsToSet) {
    for (int i : idsToSet) {
      bits[i >>> 6] |= 1L << i;
    }
  }

  static boolean get(long[] bits, int pid) {
    return (bits[pid >>> 6] & (1L << pid)) != 0;
  }
}
