package io.mantissa.sources.synthetic;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One attack to inject: its type and its parameters (the type's defaults overridden by the given
 * values). Parse one from text with {@link #parse}: {@code password_spray} or {@code
 * password_spray:targets=20,ip=192.0.2.50,at=3h}.
 *
 * @param type the scenario type
 * @param parameters every parameter of the type with its value
 */
public record Scenario(ScenarioType type, Map<String, String> parameters) {
  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  /** Validates the parameter names and merges them over the type's defaults. */
  public Scenario {
    Objects.requireNonNull(type, "type");
    Map<String, String> merged = new LinkedHashMap<>(type.defaults());
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (!merged.containsKey(e.getKey())) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "scenario "
                + type.id()
                + " has no parameter '"
                + e.getKey()
                + "'; its parameters are "
                + String.join(", ", type.defaults().keySet()));
      }
      merged.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()).trim());
    }
    parameters = java.util.Collections.unmodifiableMap(merged);
    parseDuration(type, "at", merged.get("at"));
  }

  /** The scenario of {@code type} with its default parameters. */
  public static Scenario of(ScenarioType type) {
    return new Scenario(type, Map.of());
  }

  /**
   * The scenario named {@code name} with {@code parameters} over its defaults.
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} for an unknown name or
   *     parameter
   */
  public static Scenario of(String name, Map<String, String> parameters) {
    ScenarioType type =
        ScenarioType.byId(name.trim())
            .orElseThrow(
                () ->
                    new MantissaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "unknown scenario '"
                            + name
                            + "'; known scenarios: "
                            + Arrays.stream(ScenarioType.values())
                                .map(ScenarioType::id)
                                .collect(Collectors.joining(", "))));
    return new Scenario(type, parameters);
  }

  /** Parses {@code name} or {@code name:key=value,key=value}. */
  public static Scenario parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    Map<String, String> params = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String pair : text.substring(colon + 1).split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new MantissaException(
              ErrorCode.INVALID_ARGUMENT,
              "scenario parameter '" + pair + "' is not key=value (in '" + text + "')");
        }
        params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return of(name, params);
  }

  /** The value of parameter {@code name}. */
  public String get(String name) {
    String v = parameters.get(name);
    if (v == null) {
      throw new IllegalArgumentException("scenario " + type.id() + " has no parameter " + name);
    }
    return v;
  }

  /** Whether parameter {@code name} is {@code auto} (the generator picks). */
  public boolean auto(String name) {
    return get(name).equalsIgnoreCase("auto");
  }

  /** Parameter {@code name} as a positive integer. */
  public int integer(String name) {
    try {
      int n = Integer.parseInt(get(name));
      if (n < 0 || n > 100_000) {
        throw new NumberFormatException("out of range");
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(name, "a whole number 0..100000");
    }
  }

  /** Parameter {@code name} as a boolean. */
  public boolean bool(String name) {
    String v = get(name).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw invalid(name, "true or false");
    }
    return v.equals("true");
  }

  /** Parameter {@code name} as a duration ({@code 90m}, {@code 1h30m}, {@code 2d}, ISO-8601). */
  public Duration duration(String name) {
    return parseDuration(type, name, get(name));
  }

  private static Duration parseDuration(ScenarioType type, String name, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.startsWith("p")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        throw invalid(type, name, value, "a duration such as 90m, 6h or PT6H");
      }
    }
    Matcher m = DURATION.matcher(v);
    if (v.isEmpty() || !m.matches()) {
      throw invalid(type, name, value, "a duration such as 90m, 6h or PT6H");
    }
    Duration d = Duration.ZERO;
    d = m.group(1) == null ? d : d.plusDays(Long.parseLong(m.group(1)));
    d = m.group(2) == null ? d : d.plusHours(Long.parseLong(m.group(2)));
    d = m.group(3) == null ? d : d.plusMinutes(Long.parseLong(m.group(3)));
    d = m.group(4) == null ? d : d.plusSeconds(Long.parseLong(m.group(4)));
    return d;
  }

  MantissaException invalid(String name, String expected) {
    return invalid(type, name, parameters.get(name), expected);
  }

  private static MantissaException invalid(
      ScenarioType type, String name, String value, String expected) {
    return new MantissaException(
        ErrorCode.INVALID_ARGUMENT,
        "scenario " + type.id() + " parameter " + name + "='" + value + "' must be " + expected);
  }

  @Override
  public String toString() {
    return type.id()
        + parameters.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",", ":", ""));
  }
}
