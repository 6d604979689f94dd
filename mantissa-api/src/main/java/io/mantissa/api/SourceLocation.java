package io.mantissa.api;

import java.util.Objects;

/**
 * Where in an input something was found: a file (or another named origin such as {@code "request
 * body"}), a 1-based line and a 1-based column. A column of 0 means "the whole line".
 *
 * @param origin the file path or the name of the input
 * @param line 1-based line number
 * @param column 1-based column, or 0 when unknown
 */
public record SourceLocation(String origin, long line, int column) {

  /** Validates the location. */
  public SourceLocation {
    Objects.requireNonNull(origin, "origin");
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1, was " + line);
    }
    if (column < 0) {
      throw new IllegalArgumentException("column must be >= 0, was " + column);
    }
  }

  /** A location naming a whole line. */
  public static SourceLocation line(String origin, long line) {
    return new SourceLocation(origin, line, 0);
  }

  @Override
  public String toString() {
    return column == 0 ? origin + ":" + line : origin + ":" + line + ":" + column;
  }
}
