package io.mantissa.sigma;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A test of one scalar event value (a list-valued field matches when any element does). */
interface ValueTest {
  /**
   * @param value a non-null scalar
   * @param slot the field slot the value comes from, or -1 for list elements and keywords
   */
  boolean test(Object value, EventView ev, int slot);

  /** What a missing or null field gives. */
  default boolean matchesMissing() {
    return false;
  }

  static ValueTest or(List<ValueTest> tests) {
    if (tests.size() == 1) {
      return tests.get(0);
    }
    ValueTest[] array = tests.toArray(new ValueTest[0]);
    boolean missing = tests.stream().anyMatch(ValueTest::matchesMissing);
    return new ValueTest() {
      @Override
      public boolean test(Object value, EventView ev, int slot) {
        for (ValueTest t : array) {
          if (t.test(value, ev, slot)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public boolean matchesMissing() {
        return missing;
      }
    };
  }

  /** The field is null or missing. */
  static ValueTest isNull() {
    return new ValueTest() {
      @Override
      public boolean test(Object value, EventView ev, int slot) {
        return false;
      }

      @Override
      public boolean matchesMissing() {
        return true;
      }
    };
  }

  /** A wildcard pattern on the value as text. */
  static ValueTest glob(Glob glob, boolean windash) {
    return (value, ev, slot) -> {
      String s = Values.text(value);
      if (s == null) {
        return false;
      }
      if (windash) {
        s = Encodings.dashes(s);
        return glob.matches(s, glob.cased() ? s : s.toLowerCase(java.util.Locale.ROOT));
      }
      return glob.matches(s, glob.cased() ? s : ev.lower(slot, s));
    };
  }

  /**
   * A prefix, suffix, infix or plain pattern answered by the field's shared {@link PatternIndex};
   * list elements and other slots fall back to the glob.
   */
  static ValueTest indexed(PatternIndex index, int pid, int indexSlot, Glob glob) {
    return (value, ev, slot) -> {
      String s = Values.text(value);
      if (s == null) {
        return false;
      }
      if (slot != indexSlot) {
        return glob.matches(s, glob.cased() ? s : s.toLowerCase(java.util.Locale.ROOT));
      }
      return PatternIndex.get(ev.hits(index, slot, s), pid);
    };
  }

  /** Any of several patterns of one {@link PatternIndex}, checked with one mask. */
  static ValueTest indexedAny(PatternIndex index, int[] pids, List<Glob> globs) {
    int words = 0;
    for (int pid : pids) {
      words = Math.max(words, (pid >>> 6) + 1);
    }
    long[] mask = new long[words];
    for (int pid : pids) {
      mask[pid >>> 6] |= 1L << pid;
    }
    Glob[] fallback = globs.toArray(new Glob[0]);
    boolean cased = fallback[0].cased();
    int indexSlot = index.slot();
    return (value, ev, slot) -> {
      String s = Values.text(value);
      if (s == null) {
        return false;
      }
      if (slot != indexSlot) {
        String lower = cased ? s : s.toLowerCase(java.util.Locale.ROOT);
        for (Glob g : fallback) {
          if (g.matches(s, lower)) {
            return true;
          }
        }
        return false;
      }
      long[] hits = ev.hits(index, slot, s);
      for (int i = 0; i < mask.length; i++) {
        if ((hits[i] & mask[i]) != 0) {
          return true;
        }
      }
      return false;
    };
  }

  /** Equality with any of many plain strings, by hash lookup. */
  static ValueTest literalSet(Set<String> normalized, boolean cased) {
    return (value, ev, slot) -> {
      String s = Values.text(value);
      if (s == null) {
        return false;
      }
      return normalized.contains(cased ? s : ev.lower(slot, s));
    };
  }

  /** Equality with a number: numerically, or by text for non-numeric strings. */
  static ValueTest number(BigDecimal number, String text) {
    long bound = Values.integral(number);
    return (value, ev, slot) -> {
      if (value instanceof Boolean) {
        return false;
      }
      if (bound != Values.NOT_INTEGRAL) {
        long x = Values.integral(value);
        if (x != Values.NOT_INTEGRAL) {
          return x == bound;
        }
      }
      BigDecimal v = Values.number(value);
      if (v != null) {
        return v.compareTo(number) == 0;
      }
      String s = Values.text(value);
      return s != null && s.equalsIgnoreCase(text);
    };
  }

  static ValueTest bool(boolean expected) {
    return (value, ev, slot) -> {
      if (value instanceof Boolean b) {
        return b == expected;
      }
      return value instanceof String s && s.trim().equalsIgnoreCase(Boolean.toString(expected));
    };
  }

  static ValueTest compare(Modifier op, BigDecimal bound) {
    long integral = Values.integral(bound);
    return (value, ev, slot) -> {
      if (value instanceof Boolean) {
        return false;
      }
      if (integral != Values.NOT_INTEGRAL) {
        long x = Values.integral(value);
        if (x != Values.NOT_INTEGRAL) {
          return compare(op, Long.compare(x, integral));
        }
      }
      BigDecimal v = Values.number(value);
      return v != null && compare(op, v.compareTo(bound));
    };
  }

  static boolean compare(Modifier op, BigDecimal v, BigDecimal bound) {
    return compare(op, v.compareTo(bound));
  }

  /** Whether a comparison result {@code c} (as {@code compareTo}) satisfies {@code op}. */
  private static boolean compare(Modifier op, int c) {
    if (op == null) {
      return c == 0;
    }
    switch (op) {
      case GT:
        return c > 0;
      case GTE:
        return c >= 0;
      case LT:
        return c < 0;
      case LTE:
        return c <= 0;
      default:
        return c == 0;
    }
  }

  static ValueTest regex(Pattern pattern) {
    String literal = RegexLiteral.required(pattern.pattern(), pattern.flags());
    if (literal == null) {
      return (value, ev, slot) -> {
        String s = Values.text(value);
        return s != null && pattern.matcher(s).find();
      };
    }
    // a literal every match contains: values without it are rejected without running the regex
    boolean ignoreCase =
        (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0
            || pattern.pattern().startsWith(RegexLiteral.LEADING_I);
    return (value, ev, slot) -> {
      String s = Values.text(value);
      return s != null
          && RegexLiteral.contains(s, literal, ignoreCase)
          && pattern.matcher(s).find();
    };
  }

  static ValueTest cidr(Cidr cidr) {
    return (value, ev, slot) -> value instanceof String s && cidr.contains(s);
  }

  /** Extracts a part of a date value and compares it. */
  static ValueTest timePart(Modifier part, Modifier op, BigDecimal bound) {
    return (value, ev, slot) -> {
      ZonedDateTime t = dateTime(value);
      if (t == null) {
        return false;
      }
      long v;
      switch (part) {
        case MINUTE:
          v = t.getMinute();
          break;
        case HOUR:
          v = t.getHour();
          break;
        case DAY:
          v = t.getDayOfMonth();
          break;
        case WEEK:
          v = t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
          break;
        case MONTH:
          v = t.get(ChronoField.MONTH_OF_YEAR);
          break;
        default:
          v = t.getYear();
          break;
      }
      return compare(op, BigDecimal.valueOf(v), bound);
    };
  }

  private static ZonedDateTime dateTime(Object value) {
    if (value instanceof Instant i) {
      return i.atZone(ZoneOffset.UTC);
    }
    if (!(value instanceof String s)) {
      return null;
    }
    String t = s.trim();
    try {
      return OffsetDateTime.parse(t).atZoneSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next format
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).atZone(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next format
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
