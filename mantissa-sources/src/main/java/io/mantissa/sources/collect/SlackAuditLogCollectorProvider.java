package io.mantissa.sources.collect;

import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;

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
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    SlackAuditLogCollector.Builder b =
        SlackAuditLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("slack", context));
    s.common(b);
    s.secret("token").ifPresent(b::token);
    s.apply("limit", v -> b.limit(Integer.parseInt(v)));
    return b.build();
  }
}
