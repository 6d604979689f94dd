package io.mantissa.sigma;

import java.util.regex.Pattern;

/**
 * A literal that every match of a regular expression contains, found conservatively, so that values
 * without it skip the regex. Only top-level runs of plain characters count (no alternation at the
 * top level, nothing inside groups or classes, characters made optional by a quantifier dropped);
 * anything unusual (inline flags other than a leading {@code (?i)}, {@code \Q}, escapes with
 * operands, comments mode) gives no literal.
 */
final class RegexLiteral {
  /** A leading case-insensitive flag group. */
  static final String LEADING_I = "(?i)";

  private static final int MIN_LENGTH = 3;
  private static final String BREAKING_ESCAPES = "sSdDwWbBAzZGhHvVRX";

  private RegexLiteral() {}

  /** The longest required literal of at least 3 ASCII characters, or null. */
  static String required(String re, int flags) {
    if ((flags & (Pattern.COMMENTS | Pattern.LITERAL)) != 0 || re.contains("\\Q")) {
      return null;
    }
    int i = re.startsWith(LEADING_I) ? LEADING_I.length() : 0;
    if (re.substring(i).replace("(?:", "").contains("(?")) {
      // inline flags or special groups: only plain groups are analysed
      return null;
    }
    StringBuilder run = new StringBuilder();
    String best = null;
    int depth = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      int next = i + 1;
      boolean literal;
      if (c == '\\') {
        if (next >= re.length()) {
          return null;
        }
        c = re.charAt(next);
        next++;
        if (Character.isLetterOrDigit(c)) {
          if (BREAKING_ESCAPES.indexOf(c) < 0) {
            return null;
          }
          literal = false;
        } else {
          literal = true;
        }
      } else if (c == '[') {
        next = skipClass(re, i);
        if (next < 0) {
          return null;
        }
        literal = false;
      } else if (c == '(' || c == ')') {
        depth += c == '(' ? 1 : -1;
        literal = false;
      } else if (c == '|') {
        if (depth == 0) {
          return null;
        }
        literal = false;
      } else if (c == '{') {
        next = re.indexOf('}', i) + 1;
        if (next == 0) {
          return null;
        }
        literal = false;
      } else {
        literal = ".^$*+?".indexOf(c) < 0;
      }
      char q = next < re.length() ? re.charAt(next) : 0;
      if (!literal || depth > 0 || c < 0x20 || c > 0x7e || q == '*' || q == '?' || q == '{') {
        // not a plain character, or one a quantifier makes optional: the run ends before it
        if (literal && depth == 0 && (c < 0x20 || c > 0x7e)) {
          return null;
        }
        best = longer(best, run);
        run.setLength(0);
      } else {
        run.append(c);
        if (q == '+') {
          // one occurrence is required; what follows may not be adjacent to it
          best = longer(best, run);
          run.setLength(0);
        }
      }
      i = next;
    }
    return longer(best, run);
  }

  private static String longer(String best, StringBuilder run) {
    if (run.length() >= MIN_LENGTH && (best == null || run.length() > best.length())) {
      return run.toString();
    }
    return best;
  }

  private static int skipClass(String re, int open) {
    int depth = 0;
    for (int i = open; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && i > open + 1 && !(i == open + 2 && re.charAt(open + 1) == '^')) {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** Whether {@code s} contains {@code literal}, ignoring case as String.regionMatches does. */
  static boolean contains(String s, String literal, boolean ignoreCase) {
    if (!ignoreCase) {
      return s.contains(literal);
    }
    int n = literal.length();
    for (int i = 0, last = s.length() - n; i <= last; i++) {
      if (s.regionMatches(true, i, literal, 0, n)) {
        return true;
      }
    }
    return false;
  }
}
