package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryLookupProvider;
import io.mantissa.spi.enrich.ThreatIntelLookup;
import io.mantissa.spi.enrich.ThreatIntelLookupProvider;
import io.mantissa.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class EnrichmentProvidersTest {
  private final ProviderRegistry<ThreatIntelLookupProvider> intel =
      ProviderRegistry.load(ThreatIntelLookupProvider.class);
  private final ProviderRegistry<DirectoryLookupProvider> directories =
      ProviderRegistry.load(DirectoryLookupProvider.class);

  private static ProviderContext context(MantissaConfig config, String name) {
    return new ProviderContext(config, MutableClock.create(), config.providerSettings(name));
  }

  @Test
  void everyClientIsFoundByName() {
    assertThat(intel.names()).contains("abuseipdb", "virustotal");
    assertThat(directories.names()).contains("okta", "entra");
  }

  @Test
  void buildsClientsFromProviderSettingsWithoutShowingSecrets() {
    MantissaConfig config =
        MantissaConfig.builder()
            .providerSetting("abuseipdb", "api-key", "abuse-secret")
            .providerSetting("abuseipdb", "max-age-days", "30")
            .providerSetting("virustotal", "api-key", "vt-secret")
            .providerSetting("okta", "url", "https://example.okta.com/")
            .providerSetting("okta", "api-token", "okta-secret")
            .providerSetting("entra", "access-token", "graph-secret")
            .build();
    MantissaConfig app =
        MantissaConfig.builder()
            .providerSetting("entra", "tenant-id", "contoso")
            .providerSetting("entra", "client-id", "app")
            .providerSetting("entra", "client-secret", "app-secret")
            .build();
    assertThat(directories.get("entra").create(context(app, "entra")).toString())
        .isEqualTo("EntraDirectoryLookup[https://graph.microsoft.com]");
    MantissaConfig noSecret =
        MantissaConfig.builder()
            .providerSetting("entra", "tenant-id", "contoso")
            .providerSetting("entra", "client-id", "app")
            .build();
    assertThatThrownBy(() -> directories.get("entra").create(context(noSecret, "entra")))
        .hasMessageContaining("mantissa.providers.entra.client-secret");

    ThreatIntelLookup abuse = intel.get("abuseipdb").create(context(config, "abuseipdb"));
    ThreatIntelLookup vt = intel.get("virustotal").create(context(config, "virustotal"));
    DirectoryLookup okta = directories.get("okta").create(context(config, "okta"));
    DirectoryLookup entra = directories.get("entra").create(context(config, "entra"));

    assertThat(abuse).isInstanceOf(AbuseIpDbLookup.class);
    assertThat(abuse.toString()).isEqualTo("AbuseIpDbLookup[https://api.abuseipdb.com]");
    assertThat(vt.toString()).isEqualTo("VirusTotalLookup[https://www.virustotal.com]");
    assertThat(okta.toString()).isEqualTo("OktaDirectoryLookup[https://example.okta.com]");
    assertThat(entra.toString()).isEqualTo("EntraDirectoryLookup[https://graph.microsoft.com]");
  }

  @Test
  void missingKeysAndBadNumbersFailNamingTheSetting() {
    MantissaConfig config =
        MantissaConfig.builder()
            .providerSetting("okta", "api-token", "okta-secret")
            .providerSetting("virustotal", "api-key", "vt")
            .providerSetting("virustotal", "min-malicious-engines", "two")
            .providerSetting("entra", "url", "https://graph.microsoft.us")
            .build();

    assertThatThrownBy(() -> directories.get("okta").create(context(config, "okta")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.okta.url")
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(() -> intel.get("virustotal").create(context(config, "virustotal")))
        .hasMessageContaining("mantissa.providers.virustotal.min-malicious-engines");
    assertThatThrownBy(() -> directories.get("entra").create(context(config, "entra")))
        .hasMessageContaining("mantissa.providers.entra.access-token");
    assertThatThrownBy(() -> intel.get("abuseipdb").create(context(config, "abuseipdb")))
        .hasMessageContaining("mantissa.providers.abuseipdb.api-key");
    MantissaConfig range =
        MantissaConfig.builder()
            .providerSetting("abuseipdb", "api-key", "k")
            .providerSetting("abuseipdb", "max-age-days", "400")
            .build();
    assertThatThrownBy(() -> intel.get("abuseipdb").create(context(range, "abuseipdb")))
        .hasMessageContaining("mantissa.providers.abuseipdb.max-age-days")
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }
}
