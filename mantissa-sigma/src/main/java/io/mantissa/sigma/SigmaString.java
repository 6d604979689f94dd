package io.mantissa.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Sigma string value split into plain text, wildcards and placeholders, with the escapes of the
 * specification already resolved: {@code \*}, {@code \?} and {@code \\} are plain characters, a
 * backslash before any other character is a plain backslash.
 *
 * @param parts the parts in order; adjacent literals are merged
 */
public record SigmaString(List<Part> parts) {

  /** One part of a {@link SigmaString}. */
  public sealed interface Part permits Literal, Wildcard, Placeholder {}

  /**
   * Plain text.
   *
   * @param text the characters, never empty
   */
  public record Literal(String text) implements Part {
    /** Validates the literal. */
    public Literal {
      Objects.requireNonNull(text, "text");
      if (text.isEmpty()) {
        throw new IllegalArgumentException("literal must not be empty");
      }
    }
  }

  /** A wildcard: {@code *} (any number of characters) or {@code ?} (exactly one character). */
  public enum Wildcard implements Part {
    /** {@code *}. */
    MANY,
    /** {@code ?}. */
    ONE
  }

  /**
   * A placeholder {@code %name%} of a value with the {@code expand} modifier.
   *
   * @param name the name between the percent signs
   */
  public record Placeholder(String name) implements Part {
    /** Validates the placeholder. */
    public Placeholder {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Validates and normalizes the parts (merges adjacent literals). */
  public SigmaString {
    List<Part> merged = new ArrayList<>();
    for (Part part : Objects.requireNonNull(parts, "parts")) {
      Objects.requireNonNull(part, "part");
      int last = merged.size() - 1;
      if (part instanceof Literal lit && last >= 0 && merged.get(last) instanceof Literal prev) {
        merged.set(last, new Literal(prev.text() + lit.text()));
      } else {
        merged.add(part);
      }
    }
    parts = List.copyOf(merged);
  }

  /** A string of plain characters only. */
  public static SigmaString literal(String text) {
    return new SigmaString(text.isEmpty() ? List.of() : List.of(new Literal(text)));
  }

  /** Parses a value as written in a rule: wildcards and escapes, no placeholders. */
  public static SigmaString parse(String raw) {
    return parse(raw, false);
  }

  /**
   * Parses a value as written in a rule. With {@code placeholders}, {@code %name%} is a placeholder
   * and {@code \%} a plain percent sign.
   */
  public static SigmaString parse(String raw, boolean placeholders) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        char next = i + 1 < n ? raw.charAt(i + 1) : 0;
        if (next == '*' || next == '?' || next == '\\' || (placeholders && next == '%')) {
          text.append(next);
          i++;
        } else {
          text.append('\\');
        }
      } else if (c == '*' || c == '?') {
        flush(text, parts);
        parts.add(c == '*' ? Wildcard.MANY : Wildcard.ONE);
      } else if (placeholders && c == '%') {
        int end = raw.indexOf('%', i + 1);
        if (end < 0) {
          text.append(c);
        } else {
          flush(text, parts);
          parts.add(new Placeholder(raw.substring(i + 1, end)));
          i = end;
        }
      } else {
        text.append(c);
      }
    }
    flush(text, parts);
    return new SigmaString(parts);
  }

  private static void flush(StringBuilder text, List<Part> parts) {
    if (text.length() > 0) {
      parts.add(new Literal(text.toString()));
      text.setLength(0);
    }
  }

  /** Whether the string contains a {@code *} or {@code ?} wildcard. */
  public boolean hasWildcards() {
    return parts.stream().anyMatch(p -> p instanceof Wildcard);
  }

  /** Whether the string contains a placeholder. */
  public boolean hasPlaceholders() {
    return parts.stream().anyMatch(p -> p instanceof Placeholder);
  }

  /** Whether the string is empty. */
  public boolean isEmpty() {
    return parts.isEmpty();
  }

  /** A copy with {@code part} added at the front. */
  public SigmaString prepend(Part part) {
    List<Part> list = new ArrayList<>(parts.size() + 1);
    list.add(part);
    list.addAll(parts);
    return new SigmaString(list);
  }

  /** A copy with {@code part} added at the end. */
  public SigmaString append(Part part) {
    List<Part> list = new ArrayList<>(parts);
    list.add(part);
    return new SigmaString(list);
  }

  /**
   * This string with each placeholder replaced by each of its alternatives: one string per
   * combination, in order.
   *
   * @param alternatives the alternatives of a placeholder name, asked once per placeholder in order
   *     of appearance; it may throw to refuse a placeholder
   */
  public List<SigmaString> expand(Function<String, List<SigmaString>> alternatives) {
    List<List<Part>> results = new ArrayList<>();
    results.add(new ArrayList<>());
    for (Part p : parts) {
      if (p instanceof Placeholder ph) {
        List<SigmaString> values = alternatives.apply(ph.name());
        List<List<Part>> next = new ArrayList<>();
        for (List<Part> prefix : results) {
          for (SigmaString alt : values) {
            List<Part> copy = new ArrayList<>(prefix);
            copy.addAll(alt.parts());
            next.add(copy);
          }
        }
        results = next;
      } else {
        for (List<Part> r : results) {
          r.add(p);
        }
      }
    }
    List<SigmaString> out = new ArrayList<>();
    for (List<Part> r : results) {
      out.add(new SigmaString(r));
    }
    return out;
  }

  /** Whether the first part is the {@code *} wildcard. */
  public boolean startsWithMany() {
    return !parts.isEmpty() && parts.get(0) == Wildcard.MANY;
  }

  /** Whether the last part is the {@code *} wildcard. */
  public boolean endsWithMany() {
    return !parts.isEmpty() && parts.get(parts.size() - 1) == Wildcard.MANY;
  }

  /**
   * The text in Sigma notation, escaped so that {@link #parse(String, boolean)} gives this string
   * back.
   */
  public String toSigma() {
    boolean escapePercent = hasPlaceholders();
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal lit) {
        for (int i = 0; i < lit.text().length(); i++) {
          char c = lit.text().charAt(i);
          if (c == '*' || c == '?' || c == '\\' || (escapePercent && c == '%')) {
            out.append('\\');
          }
          out.append(c);
        }
      } else if (part instanceof Placeholder ph) {
        out.append('%').append(ph.name()).append('%');
      } else {
        out.append(part == Wildcard.MANY ? '*' : '?');
      }
    }
    return out.toString();
  }

  /** Readable text: literals as they are, wildcards as {@code *} and {@code ?}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal lit) {
        out.append(lit.text());
      } else if (part instanceof Placeholder ph) {
        out.append('%').append(ph.name()).append('%');
      } else {
        out.append(part == Wildcard.MANY ? '*' : '?');
      }
    }
    return out.toString();
  }
}
