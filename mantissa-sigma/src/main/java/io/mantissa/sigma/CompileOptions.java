package io.mantissa.sigma;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How rules compile into matchers.
 *
 * @param placeholders values of {@code %placeholders%} for the {@code expand} modifier, in Sigma
 *     notation (wildcards allowed), by placeholder name
 * @param unknownPlaceholders what a placeholder without values does
 */
public record CompileOptions(
    Map<String, List<String>> placeholders, UnknownPlaceholders unknownPlaceholders) {

  /** What a placeholder without configured values does. */
  public enum UnknownPlaceholders {
    /** Compilation fails naming the placeholder (the specification's default). */
    FAIL,
    /** The placeholder matches anything, as pySigma's last-resort wildcard transformation. */
    MATCH_ANY
  }

  /** Validates the options. */
  public CompileOptions {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(placeholders, "placeholders")
        .forEach((k, v) -> copy.put(k, List.copyOf(v)));
    placeholders = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(unknownPlaceholders, "unknownPlaceholders");
  }

  /** No placeholders; unknown placeholders fail. */
  public static CompileOptions defaults() {
    return new CompileOptions(Map.of(), UnknownPlaceholders.FAIL);
  }

  /** A copy with these placeholder values. */
  public CompileOptions withPlaceholders(Map<String, List<String>> values) {
    return new CompileOptions(values, unknownPlaceholders);
  }

  /** A copy with this policy for unknown placeholders. */
  public CompileOptions withUnknownPlaceholders(UnknownPlaceholders policy) {
    return new CompileOptions(placeholders, policy);
  }
}
