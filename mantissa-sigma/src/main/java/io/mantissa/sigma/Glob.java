package io.mantissa.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled Sigma string pattern. Plain strings, prefixes, suffixes and infixes use {@code
 * equals}, {@code startsWith}, {@code endsWith} and {@code indexOf}; other shapes use a
 * backtracking wildcard matcher, never a regular expression.
 */
final class Glob {
  enum Shape {
    EXACT,
    PREFIX,
    SUFFIX,
    INFIX,
    ANY,
    GENERIC
  }

  private final Shape shape;
  private final String text;
  private final char[] chars;
  private final byte[] kinds;
  private final boolean cased;

  private Glob(Shape shape, String text, char[] chars, byte[] kinds, boolean cased) {
    this.shape = shape;
    this.text = text;
    this.chars = chars;
    this.kinds = kinds;
    this.cased = cased;
  }

  static Glob compile(SigmaString pattern, boolean cased) {
    List<SigmaString.Part> parts = pattern.parts();
    int n = parts.size();
    if (n == 0) {
      return new Glob(Shape.EXACT, "", null, null, cased);
    }
    if (!pattern.hasWildcards()) {
      return new Glob(Shape.EXACT, norm(pattern.toString(), cased), null, null, cased);
    }
    boolean allMany = parts.stream().allMatch(p -> p == SigmaString.Wildcard.MANY);
    if (allMany) {
      return new Glob(Shape.ANY, "", null, null, cased);
    }
    if (n == 2
        && parts.get(1) == SigmaString.Wildcard.MANY
        && parts.get(0) instanceof SigmaString.Literal l) {
      return new Glob(Shape.PREFIX, norm(l.text(), cased), null, null, cased);
    }
    if (n == 2
        && parts.get(0) == SigmaString.Wildcard.MANY
        && parts.get(1) instanceof SigmaString.Literal l) {
      return new Glob(Shape.SUFFIX, norm(l.text(), cased), null, null, cased);
    }
    if (n == 3
        && parts.get(0) == SigmaString.Wildcard.MANY
        && parts.get(2) == SigmaString.Wildcard.MANY
        && parts.get(1) instanceof SigmaString.Literal l) {
      return new Glob(Shape.INFIX, norm(l.text(), cased), null, null, cased);
    }
    StringBuilder sb = new StringBuilder();
    List<Byte> kinds = new ArrayList<>();
    for (SigmaString.Part p : parts) {
      if (p instanceof SigmaString.Literal l) {
        String t = norm(l.text(), cased);
        sb.append(t);
        for (int i = 0; i < t.length(); i++) {
          kinds.add((byte) 0);
        }
      } else if (p == SigmaString.Wildcard.ONE) {
        sb.append('?');
        kinds.add((byte) 1);
      } else if (p == SigmaString.Wildcard.MANY) {
        sb.append('*');
        kinds.add((byte) 2);
      } else {
        throw new IllegalArgumentException("unexpanded placeholder in " + pattern);
      }
    }
    byte[] k = new byte[kinds.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = kinds.get(i);
    }
    return new Glob(Shape.GENERIC, sb.toString(), sb.toString().toCharArray(), k, cased);
  }

  private static String norm(String s, boolean cased) {
    return cased ? s : s.toLowerCase(Locale.ROOT);
  }

  Shape shape() {
    return shape;
  }

  /** The normalized literal of EXACT, PREFIX, SUFFIX and INFIX patterns. */
  String text() {
    return text;
  }

  boolean cased() {
    return cased;
  }

  /**
   * Whether the subject matches.
   *
   * @param subject the value as written
   * @param lower the value lower-cased (used unless cased)
   */
  boolean matches(String subject, String lower) {
    String s = cased ? subject : lower;
    switch (shape) {
      case EXACT:
        return s.equals(text);
      case PREFIX:
        return s.startsWith(text);
      case SUFFIX:
        return s.endsWith(text);
      case INFIX:
        return s.contains(text);
      case ANY:
        return true;
      default:
        return generic(s);
    }
  }

  private boolean generic(String s) {
    int n = s.length();
    int m = chars.length;
    int p = 0;
    int i = 0;
    int star = -1;
    int mark = 0;
    while (i < n) {
      if (p < m && (kinds[p] == 1 || (kinds[p] == 0 && chars[p] == s.charAt(i)))) {
        p++;
        i++;
      } else if (p < m && kinds[p] == 2) {
        star = p++;
        mark = i;
      } else if (star >= 0) {
        p = star + 1;
        i = ++mark;
      } else {
        return false;
      }
    }
    while (p < m && kinds[p] == 2) {
      p++;
    }
    return p == m;
  }
}
