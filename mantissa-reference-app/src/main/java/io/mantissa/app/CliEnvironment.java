package io.mantissa.app;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI takes from its surroundings, injected so that tests control it: the clock, the
 * system properties and the environment variables that configuration reads.
 *
 * @param clock the clock for "now" (default query ranges, demo data)
 * @param systemProperties system properties; only {@code mantissa.*} ones are read
 * @param environment environment variables; only {@code MANTISSA_*} ones are read
 */
public record CliEnvironment(
    Clock clock, Map<String, String> systemProperties, Map<String, String> environment) {

  /** Validates and copies. */
  public CliEnvironment {
    Objects.requireNonNull(clock, "clock");
    systemProperties = Map.copyOf(systemProperties);
    environment = Map.copyOf(environment);
  }

  /** The real surroundings of this JVM: the UTC system clock, its properties and environment. */
  public static CliEnvironment system() {
    Map<String, String> props = new LinkedHashMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    return new CliEnvironment(Clock.systemUTC(), props, System.getenv());
  }
}
