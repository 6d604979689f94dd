package io.mantissa.sources.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Reads the settings every collector provider shares ({@code base-url}, {@code since}, {@code
 * lookback}, {@code timeout}, {@code allow-private-addresses}) onto a {@link CollectorBuilder}.
 */
final class CollectorSettings {
  private CollectorSettings() {}

  /**
   * Applies the shared settings.
   *
   * @throws IllegalArgumentException or {@link java.time.DateTimeException} for a bad value
   */
  static void common(Map<String, String> s, CollectorBuilder<?> b) {
    String baseUrl = text(s, "base-url");
    if (baseUrl != null) {
      b.baseUrl(baseUrl);
    }
    b.allowPrivateAddresses(
        Boolean.parseBoolean(s.getOrDefault("allow-private-addresses", "false").trim()));
    if (text(s, "since") != null) {
      b.since(Instant.parse(text(s, "since")));
    }
    if (text(s, "lookback") != null) {
      b.lookback(Duration.parse(text(s, "lookback")));
    }
    if (text(s, "timeout") != null) {
      b.timeout(Duration.parse(text(s, "timeout")));
    }
  }

  /** A setting trimmed, or {@code null} when absent or blank. */
  static String text(Map<String, String> s, String key) {
    String v = s.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
