package io.mantissa.sources.collect;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;

/**
 * The {@code entra_audit} collector: Microsoft Entra ID directory audit logs
 * (auditLogs/directoryAudits) from Microsoft Graph. Its settings are {@code
 * mantissa.providers.entra_audit-collector.*}: {@code tenant-id}, {@code client-id} and {@code
 * client-secret} (or {@code access-token}), and optionally {@code top}, {@code delay}, {@code
 * login-url}, {@code base-url}, {@code since}, {@code lookback}, {@code timeout} and {@code
 * allow-private-addresses}.
 */
public final class EntraAuditCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads. */
  public static final String SETTINGS =
      MicrosoftGraphAuditCollector.Log.DIRECTORY_AUDITS.provider();

  @Override
  public String name() {
    return "entra_audit";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    return MicrosoftGraphAuditCollector.fromSettings(
        MicrosoftGraphAuditCollector.Log.DIRECTORY_AUDITS, context);
  }
}
