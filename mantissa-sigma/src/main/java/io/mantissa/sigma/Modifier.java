package io.mantissa.sigma;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The value modifiers of the Sigma modifiers appendix (version 2.1), written after a field name
 * with a pipe: {@code CommandLine|contains|all}.
 */
public enum Modifier {
  /** Wraps each value in {@code *} wildcards. */
  CONTAINS("contains"),
  /** Appends a {@code *} wildcard. */
  STARTSWITH("startswith"),
  /** Prepends a {@code *} wildcard. */
  ENDSWITH("endswith"),
  /** Links the values of a list with AND instead of OR. */
  ALL("all"),
  /** The value is a regular expression (case-sensitive unless {@link #I}). */
  RE("re"),
  /** Regular expression flag: case-insensitive. */
  I("i"),
  /** Regular expression flag: multi-line ({@code ^} and {@code $} match at line ends). */
  M("m"),
  /** Regular expression flag: dot matches newlines. */
  S("s"),
  /** The value is an IPv4 or IPv6 network in CIDR notation. */
  CIDR("cidr"),
  /** The value is Base64-encoded. */
  BASE64("base64"),
  /** The value is Base64-encoded at the three possible byte offsets. */
  BASE64OFFSET("base64offset"),
  /** The value is encoded as UTF-16 little endian. */
  UTF16LE("utf16le"),
  /** The value is encoded as UTF-16 big endian. */
  UTF16BE("utf16be"),
  /** Alias of {@link #UTF16LE}. */
  WIDE("wide"),
  /** The value is encoded as UTF-16 little endian with a byte order mark. */
  UTF16("utf16"),
  /** Every dash-like character may be any of {@code - / – — ―}. */
  WINDASH("windash"),
  /** The field must exist ({@code true}) or must not exist ({@code false}). */
  EXISTS("exists"),
  /** Numeric: field greater than the value. */
  GT("gt"),
  /** Numeric: field greater than or equal to the value. */
  GTE("gte"),
  /** Numeric: field less than the value. */
  LT("lt"),
  /** Numeric: field less than or equal to the value. */
  LTE("lte"),
  /** The field differs from every value. */
  NEQ("neq"),
  /** The value names another field of the same event to compare with. */
  FIELDREF("fieldref"),
  /** The value holds {@code %placeholders%} expanded at compile time. */
  EXPAND("expand"),
  /** Case-sensitive matching. */
  CASED("cased"),
  /** Time: the minute (0-59) of a date value. */
  MINUTE("minute"),
  /** Time: the hour (0-23) of a date value. */
  HOUR("hour"),
  /** Time: the day of month (1-31) of a date value. */
  DAY("day"),
  /** Time: the ISO week (1-53) of a date value. */
  WEEK("week"),
  /** Time: the month (1-12) of a date value. */
  MONTH("month"),
  /** Time: the year of a date value. */
  YEAR("year");

  private static final Map<String, Modifier> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(Modifier::sigmaName, Function.identity()));

  private final String sigmaName;

  Modifier(String sigmaName) {
    this.sigmaName = sigmaName;
  }

  /** The name as written in rules. */
  public String sigmaName() {
    return sigmaName;
  }

  /** The modifier written {@code name} (case-insensitive), if it is one. */
  public static Optional<Modifier> bySigmaName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Whether this modifier extracts a number from a date value. */
  public boolean isTimePart() {
    return this == MINUTE
        || this == HOUR
        || this == DAY
        || this == WEEK
        || this == MONTH
        || this == YEAR;
  }

  /** Whether this modifier is a numeric comparison. */
  public boolean isComparison() {
    return this == GT || this == GTE || this == LT || this == LTE;
  }

  /** Whether this modifier encodes the value into bytes. */
  public boolean isUtf16() {
    return this == UTF16LE || this == UTF16BE || this == WIDE || this == UTF16;
  }
}
