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
 * The {@code okta} collector. Its settings are {@code mantissa.providers.okta-collector.*}: {@code
 * domain} (such as {@code example.okta.com}) or {@code base-url}, {@code api-token}, and optionally
 * {@code limit}, {@code since} (ISO instant), {@code lookback} (ISO duration, default {@code P7D}),
 * {@code timeout} (ISO duration) and {@code allow-private-addresses}. The context passed to {@link
 * #create} carries those settings.
 */
public final class OktaLogCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads: {@code mantissa.providers.okta-collector}. */
  public static final String SETTINGS = OktaLogCollector.PROVIDER;

  @Override
  public String name() {
    return "okta";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    Map<String, String> s = context.settings();
    OktaLogCollector.Builder b =
        OktaLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("okta", context));
    String baseUrl = s.get("base-url");
    String domain = s.get("domain");
    if (baseUrl != null && !baseUrl.isBlank()) {
      b.baseUrl(baseUrl.trim());
    } else if (domain != null && !domain.isBlank()) {
      String d = domain.trim();
      b.baseUrl(d.startsWith("https://") ? d : "https://" + d);
    }
    String token = s.get("api-token");
    if (token != null && !token.isBlank()) {
      b.apiToken(Secret.of(token.trim()));
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
