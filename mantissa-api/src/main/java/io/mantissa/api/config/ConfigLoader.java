package io.mantissa.api.config;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The one place where outside configuration meets {@link MantissaConfig.Builder}. Three layers are
 * applied in order, each overriding the one before:
 *
 * <ol>
 *   <li>{@code mantissa.yaml}, given as the tree of maps a YAML parser returns (the reference app
 *       parses the file; this class has no YAML dependency), with or without a top-level {@code
 *       mantissa:} key;
 *   <li>system properties starting with {@code mantissa.}, such as {@code
 *       -Dmantissa.server.port=9090};
 *   <li>environment variables starting with {@code MANTISSA_}: {@code MANTISSA_SERVER_PORT}, {@code
 *       MANTISSA_QUERY_DEFAULT_ROW_LIMIT}. Provider settings use a double underscore between the
 *       provider name and the key: {@code MANTISSA_PROVIDERS_OKTA__API_TOKEN} sets {@code
 *       mantissa.providers.okta.api-token}.
 * </ol>
 *
 * An unknown key or a bad value fails with {@link ErrorCode#CONFIG_INVALID}, naming the key, where
 * it came from, and the keys that exist.
 */
public final class ConfigLoader {
  private static final String PREFIX = "mantissa.";
  private static final String PROVIDERS = "mantissa.providers.";
  private static final Map<String, BiConsumer<MantissaConfig.Builder, String>> KEYS =
      new LinkedHashMap<>();

  static {
    KEYS.put("mantissa.data-dir", (b, v) -> b.dataDir(Path.of(v)));
    KEYS.put("mantissa.event-store", MantissaConfig.Builder::eventStore);
    KEYS.put("mantissa.query-backend", MantissaConfig.Builder::queryBackend);
    KEYS.put("mantissa.state-store", MantissaConfig.Builder::stateStore);
    KEYS.put("mantissa.server.host", MantissaConfig.Builder::serverHost);
    KEYS.put("mantissa.server.port", (b, v) -> b.serverPort(parseInt(v)));
    KEYS.put("mantissa.server.max-body-bytes", (b, v) -> b.maxBodyBytes(parseLong(v)));
    KEYS.put(
        "mantissa.server.api-keys",
        (b, v) -> {
          for (String key : v.split(",")) {
            if (!key.isBlank()) {
              b.apiKey(Secret.of(key.trim()));
            }
          }
        });
    KEYS.put("mantissa.query.default-row-limit", (b, v) -> b.defaultRowLimit(parseInt(v)));
    KEYS.put("mantissa.query.max-row-limit", (b, v) -> b.maxRowLimit(parseInt(v)));
    KEYS.put("mantissa.query.timeout", (b, v) -> b.queryTimeout(parseDuration(v)));
    KEYS.put("mantissa.ingest.batch-size", (b, v) -> b.ingestBatchSize(parseInt(v)));
  }

  private ConfigLoader() {}

  /** The keys this loader knows, besides {@code mantissa.providers.<name>.<key>}. */
  public static Set<String> knownKeys() {
    return new TreeSet<>(KEYS.keySet());
  }

  /**
   * Loads configuration from the three layers on top of the defaults.
   *
   * @param yaml the parsed {@code mantissa.yaml}, or an empty map when there is none
   * @param yamlOrigin the file name, for error messages
   * @param systemProperties system properties (only {@code mantissa.*} ones are read)
   * @param environment environment variables (only {@code MANTISSA_*} ones are read)
   */
  public static MantissaConfig load(
      Map<String, ?> yaml,
      String yamlOrigin,
      Map<String, String> systemProperties,
      Map<String, String> environment) {
    MantissaConfig.Builder builder = MantissaConfig.builder();
    Map<String, ?> root = yaml;
    if (yaml.size() == 1 && yaml.get("mantissa") instanceof Map<?, ?> inner) {
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) inner;
      root = typed;
    }
    Map<String, String> fromYaml = new LinkedHashMap<>();
    flatten("mantissa", root, fromYaml, yamlOrigin);
    fromYaml.forEach((k, v) -> apply(builder, k, v, yamlOrigin));
    systemProperties.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            apply(builder, k, v, "system property " + k);
          }
        });
    environment.forEach(
        (k, v) -> {
          if (k.startsWith("MANTISSA_")) {
            apply(builder, keyForEnvironmentVariable(k), v, "environment variable " + k);
          }
        });
    return builder.build();
  }

  /** Loads configuration from the JVM's own system properties and environment. */
  public static MantissaConfig load(Map<String, ?> yaml, String yamlOrigin) {
    Map<String, String> props = new LinkedHashMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    return load(yaml, yamlOrigin, props, System.getenv());
  }

  /**
   * Applies one key to a builder: the single mapping from configuration keys to builder setters.
   */
  public static void apply(MantissaConfig.Builder builder, String key, String value, String from) {
    if (key.startsWith(PROVIDERS)) {
      String rest = key.substring(PROVIDERS.length());
      int dot = rest.indexOf('.');
      if (dot <= 0 || dot == rest.length() - 1) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "configuration key '"
                + key
                + "' (from "
                + from
                + ") must have the form mantissa.providers.<provider>.<setting>");
      }
      builder.providerSetting(rest.substring(0, dot), rest.substring(dot + 1), value);
      return;
    }
    BiConsumer<MantissaConfig.Builder, String> setter = KEYS.get(key);
    if (setter == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "unknown configuration key '"
              + key
              + "' (from "
              + from
              + "); known keys: "
              + String.join(", ", knownKeys())
              + ", mantissa.providers.<provider>.<setting>");
    }
    try {
      setter.accept(builder, value.trim());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "bad value for '" + key + "' (from " + from + "): " + e.getMessage(),
          e);
    }
  }

  /** Maps {@code MANTISSA_SERVER_PORT} to {@code mantissa.server.port}. */
  static String keyForEnvironmentVariable(String variable) {
    String lower = variable.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mantissa_providers_")) {
      String rest = lower.substring("mantissa_providers_".length());
      int split = rest.indexOf("__");
      if (split > 0) {
        return PROVIDERS
            + rest.substring(0, split)
            + "."
            + rest.substring(split + 2).replace('_', '-');
      }
      return PROVIDERS + rest;
    }
    String canonical = canonical(lower);
    for (String key : KEYS.keySet()) {
      if (canonical(key).equals(canonical)) {
        return key;
      }
    }
    return lower.replace('_', '.');
  }

  private static String canonical(String key) {
    return key.replace('.', '_').replace('-', '_');
  }

  private static void flatten(
      String prefix, Map<String, ?> tree, Map<String, String> out, String origin) {
    tree.forEach(
        (k, v) -> {
          String key = prefix + "." + k;
          if (v instanceof Map<?, ?> nested) {
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) nested;
            flatten(key, typed, out, origin);
          } else if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(String.valueOf(item)));
            out.put(key, String.join(",", items));
          } else if (v == null) {
            throw new MantissaException(
                ErrorCode.CONFIG_INVALID,
                "configuration key '" + key + "' in " + origin + " has no value");
          } else {
            out.put(key, String.valueOf(v));
          }
        });
  }

  private static int parseInt(String v) {
    return Math.toIntExact(parseLong(v));
  }

  private static long parseLong(String v) {
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a whole number", e);
    }
  }

  /** Parses {@code 120s}, {@code 5m}, {@code 2h}, {@code 500ms} or ISO-8601 {@code PT2M}. */
  static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("p")) {
      return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
    }
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      switch (s.charAt(s.length() - 1)) {
        case 's':
          return Duration.ofSeconds(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 'h':
          return Duration.ofHours(n);
        case 'd':
          return Duration.ofDays(n);
        default:
          break;
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "'" + v + "' is not a duration (use 500ms, 30s, 5m, 2h, 1d or ISO-8601 like PT2M)", e);
    }
    throw new IllegalArgumentException(
        "'" + v + "' is not a duration (use 500ms, 30s, 5m, 2h, 1d or ISO-8601 like PT2M)");
  }
}
