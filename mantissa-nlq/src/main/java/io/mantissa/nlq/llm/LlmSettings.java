package io.mantissa.nlq.llm;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One LLM provider's settings, read from {@link ProviderContext#settings()}. Keys are compared
 * without regard to case, and {@code _} equals {@code -} ({@code api_key} and {@code api-key} are
 * the same key), so that YAML, system properties and {@code MANTISSA_PROVIDERS_<NAME>__<KEY>}
 * environment variables all work. Settings under the provider name with {@code _} for {@code -}
 * ({@code azure_openai}, what an environment variable yields) are read too. An unknown key is an
 * error, so that a typo does not silently fall back to a default.
 */
final class LlmSettings {
  /** Keys every provider understands. */
  static final Set<String> COMMON_KEYS =
      Set.of("model", "base-url", "timeout", "max-retries", "temperature", "max-tokens");

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final int DEFAULT_MAX_RETRIES = 2;

  private final String provider;
  private final Map<String, String> values;
  private final List<Secret> secrets = new ArrayList<>();

  private LlmSettings(String provider, Map<String, String> values) {
    this.provider = provider;
    this.values = values;
  }

  /**
   * Reads the settings of {@code provider} from {@code context}.
   *
   * @param ownKeys the provider-specific keys it understands besides {@link #COMMON_KEYS}
   */
  static LlmSettings of(String provider, ProviderContext context, Set<String> ownKeys) {
    Map<String, String> values = new LinkedHashMap<>();
    String alias = provider.replace('-', '_');
    if (!alias.equals(provider)) {
      context.config().providerSettings(alias).forEach((k, v) -> values.put(normalize(k), v));
    }
    context.settings().forEach((k, v) -> values.put(normalize(k), v));
    Set<String> known = new TreeSet<>(COMMON_KEYS);
    known.addAll(ownKeys);
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "unknown setting mantissa.providers."
                + provider
                + "."
                + key
                + " for LLM provider '"
                + provider
                + "'; known: "
                + String.join(", ", known));
      }
    }
    return new LlmSettings(provider, values);
  }

  private static String normalize(String key) {
    return key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The provider name. */
  String provider() {
    return provider;
  }

  /** The full configuration key of {@code key}, for messages. */
  String fullKey(String key) {
    return "mantissa.providers." + provider + "." + key;
  }

  /** The value of {@code key}, trimmed, or empty when it is not set or blank. */
  Optional<String> optional(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The value of {@code key}, or {@code fallback}. */
  String optional(String key, String fallback) {
    return optional(key).orElse(fallback);
  }

  /**
   * The value of {@code key}.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} naming the key when it is unset
   */
  String required(String key) {
    return optional(key)
        .orElseThrow(
            () ->
                new MantissaException(
                    ErrorCode.CONFIG_INVALID,
                    "LLM provider '" + provider + "' needs the setting " + fullKey(key)));
  }

  /** A required secret; it is remembered so that error messages can never show it. */
  Secret secret(String key) {
    Secret s = Secret.of(required(key));
    secrets.add(s);
    return s;
  }

  /** An optional secret; when set it is remembered like {@link #secret}. */
  Optional<Secret> optionalSecret(String key) {
    Optional<Secret> s = optional(key).map(Secret::of);
    s.ifPresent(secrets::add);
    return s;
  }

  /** Passes the parsed value of {@code key} to {@code use} when it is set. */
  <T> void ifPresent(String key, Function<String, T> parse, Consumer<T> use) {
    optional(key).ifPresent(v -> use.accept(parsed(key, v, parse)));
  }

  /** The whole number under {@code key}, or {@code fallback}. */
  int integer(String key, int fallback) {
    return optional(key).map(v -> parsed(key, v, Integer::parseInt)).orElse(fallback);
  }

  /** The request timeout ({@code timeout}, default 60 s). */
  Duration timeout() {
    return optional("timeout")
        .map(v -> parsed("timeout", v, LlmSettings::parseDuration))
        .orElse(DEFAULT_TIMEOUT);
  }

  /** How often a retriable failure (429, 5xx, timeout) is retried ({@code max-retries}, 2). */
  int maxRetries() {
    int retries = integer("max-retries", DEFAULT_MAX_RETRIES);
    if (retries < 0) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, fullKey("max-retries") + " must not be negative: " + retries);
    }
    return retries;
  }

  /** The {@code temperature} setting, if any. */
  void temperature(Consumer<Double> use) {
    ifPresent("temperature", Double::parseDouble, use);
  }

  /** The decimal number under {@code key}, if set. */
  Optional<Double> decimal(String key) {
    return optional(key).map(v -> parsed(key, v, Double::parseDouble));
  }

  /**
   * The HTTP client every provider uses: the JDK client, speaking HTTP/1.1 (plain {@code http://}
   * servers such as Ollama or a local proxy do not speak cleartext HTTP/2), masking this provider's
   * secrets in error bodies.
   */
  GuardedHttpClientBuilder httpClient() {
    return new GuardedHttpClientBuilder(
        JdkHttpClient.builder()
            .httpClientBuilder(
                java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)),
        secrets);
  }

  /** Wraps {@code model} so that its failures become clean {@link MantissaException}s. */
  ChatModel guard(ChatModel model, String modelName) {
    return new GuardedChatModel(model, provider, modelName, List.copyOf(secrets));
  }

  private <T> T parsed(String key, String value, Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (RuntimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "bad value '" + value + "' for " + fullKey(key), e);
    }
  }

  /**
   * Parses {@code 30s}, {@code 2m}, {@code 500ms}, a number of seconds, or ISO-8601 {@code PT2M}.
   */
  static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    Duration d;
    if (s.startsWith("p")) {
      d = Duration.parse(s.toUpperCase(Locale.ROOT));
    } else if (s.endsWith("ms")) {
      d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    } else if (s.endsWith("s")) {
      d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
    } else if (s.endsWith("m")) {
      d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
    } else {
      d = Duration.ofSeconds(Long.parseLong(s));
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive");
    }
    return d;
  }
}
