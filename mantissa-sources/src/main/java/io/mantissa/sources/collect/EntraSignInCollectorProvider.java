package io.mantissa.sources.collect;

import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;

/**
 * The {@code entra_signin} collector: Microsoft Entra ID sign-in logs (auditLogs/signIns) from
 * Microsoft Graph. Its settings are {@code mantissa.providers.entra_signin-collector.*}: {@code
 * tenant-id}, {@code client-id} and {@code client-secret} (or {@code access-token}), and optionally
 * {@code top}, {@code delay}, {@code login-url}, {@code base-url}, {@code since}, {@code lookback},
 * {@code timeout} and {@code allow-private-addresses}.
 */
public final class EntraSignInCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads. */
  public static final String SETTINGS = MicrosoftGraphAuditCollector.Log.SIGN_INS.provider();

  @Override
  public String name() {
    return "entra_signin";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    return MicrosoftGraphAuditCollector.fromSettings(
        MicrosoftGraphAuditCollector.Log.SIGN_INS, context);
  }
}
