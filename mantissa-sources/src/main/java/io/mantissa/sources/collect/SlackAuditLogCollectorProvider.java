package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The {@code slack} collector. Its settings are {@code mantissa.providers.slack-collector.*}:
 * {@code token}, and optionally {@code base-url}, {@code limit}, {@code since} (ISO instant),
 * {@code lookback} (ISO duration, default {@code P7D}), {@code timeout} and {@code
 * allow-private-addresses}. The context passed to {@link #create} carries those settings.
 */
public final class SlackAuditLogCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads: {@code mantissa.providers.slack-collector}. */
  public static final String SETTINGS = SlackAuditLogCollector.PROVIDER;

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    Map<String, String> s = context.settings();
    SlackAuditLogCollector.Builder b =
        SlackAuditLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("slack", context));
    if (s.containsKey("base-url")) {
      b.baseUrl(s.get("base-url").trim());
    }
    String token = s.get("token");
    if (token != null && !token.isBlank()) {
      b.token(Secret.of(token.trim()));
    }
    b.allowPrivateAddresses(
        Boolean.parseBoolean(s.getOrDefault("allow-private-addresses", "false")));
    try {
      if (s.containsKey("limit")) {
        b.limit(Integer.parseInt(s.get("limit").trim()));
      }
      if (s.containsKey("since")) {
        b.since(Instant.parse(s.get("since").trim()));
      }
      if (s.containsKey("lookback")) {
        b.lookback(Duration.parse(s.get("lookback").trim()));
      }
      if (s.containsKey("timeout")) {
        b.timeout(Duration.parse(s.get("timeout").trim()));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, SETTINGS + ": invalid setting: " + e.getMessage());
    }
    return b.build();
  }
}
