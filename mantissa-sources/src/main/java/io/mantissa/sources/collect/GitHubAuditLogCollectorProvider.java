package io.mantissa.sources.collect;

import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;

/**
 * The {@code github} collector. Its settings are {@code mantissa.providers.github-collector.*}:
 * {@code org} and {@code token}, and optionally {@code base-url}, {@code per-page}, {@code since}
 * (ISO instant), {@code lookback} (ISO duration, default {@code P7D}), {@code timeout} and {@code
 * allow-private-addresses}. The context passed to {@link #create} carries those settings.
 */
public final class GitHubAuditLogCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads: {@code mantissa.providers.github-collector}. */
  public static final String SETTINGS = GitHubAuditLogCollector.PROVIDER;

  @Override
  public String name() {
    return "github";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    GitHubAuditLogCollector.Builder b =
        GitHubAuditLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("github", context));
    s.common(b);
    s.get("org").ifPresent(b::org);
    s.secret("token").ifPresent(b::token);
    s.apply("per-page", v -> b.perPage(Integer.parseInt(v)));
    return b.build();
  }
}
