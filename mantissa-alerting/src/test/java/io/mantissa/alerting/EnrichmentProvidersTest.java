package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.AssetLookupProvider;
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
  private final ProviderRegistry<AssetLookupProvider> assets =
      ProviderRegistry.load(AssetLookupProvider.class);

  private static ProviderContext context(MantissaConfig config, String name) {
    return new ProviderContext(config, MutableClock.create(), config.providerSettings(name));
  }

  @Test
  void everyClientIsFoundByName() {
    assertThat(intel.names()).contains("abuseipdb", "virustotal");
    assertThat(directories.names()).contains("okta", "entra", "google_workspace");
    assertThat(assets.names()).contains("aws_ec2", "gcp_asset", "azure_resource_graph");
  }

  @Test
  void buildsTheGoogleAndAssetClientsFromSettings(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String key = new TestServiceAccount("https://oauth2.googleapis.com/token").keyFile().reveal();
    java.nio.file.Path keyFile = dir.resolve("sa.json");
    java.nio.file.Files.writeString(keyFile, key);
    MantissaConfig config =
        MantissaConfig.builder()
            .providerSetting("google_workspace", "service-account-json", key)
            .providerSetting("google_workspace", "subject", "admin@example.com")
            .providerSetting("aws_ec2", "region", "eu-west-1")
            .providerSetting("aws_ec2", "access-key-id", "AKIAIOSFODNN7EXAMPLE")
            .providerSetting("aws_ec2", "secret-access-key", "aws-secret")
            .providerSetting("aws_ec2", "session-token", "aws-session")
            .providerSetting("gcp_asset", "scope", "organizations/777")
            .providerSetting("gcp_asset", "service-account-file", keyFile.toString())
            .providerSetting("azure_resource_graph", "tenant-id", "contoso")
            .providerSetting("azure_resource_graph", "client-id", "app")
            .providerSetting("azure_resource_graph", "client-secret", "azure-secret")
            .providerSetting("azure_resource_graph", "subscriptions", "sub-1, sub-2")
            .build();

    assertThat(
            directories
                .get("google_workspace")
                .create(context(config, "google_workspace"))
                .toString())
        .isEqualTo("GoogleWorkspaceDirectoryLookup[https://admin.googleapis.com]");
    assertThat(assets.get("aws_ec2").create(context(config, "aws_ec2")).toString())
        .isEqualTo("AwsEc2AssetLookup[https://ec2.eu-west-1.amazonaws.com, eu-west-1]");
    assertThat(assets.get("gcp_asset").create(context(config, "gcp_asset")).toString())
        .isEqualTo("GcpAssetLookup[https://cloudasset.googleapis.com, organizations/777]");
    assertThat(
            assets
                .get("azure_resource_graph")
                .create(context(config, "azure_resource_graph"))
                .toString())
        .isEqualTo("AzureResourceGraphAssetLookup[https://management.azure.com]");

    MantissaConfig bad =
        MantissaConfig.builder()
            .providerSetting("google_workspace", "service-account-json", key)
            .providerSetting("aws_ec2", "access-key-id", "AKIA")
            .providerSetting("gcp_asset", "access-token", "t")
            .providerSetting("gcp_asset", "scope", "my-project")
            .providerSetting("azure_resource_graph", "subscriptions", "s")
            .build();
    assertThatThrownBy(
            () -> directories.get("google_workspace").create(context(bad, "google_workspace")))
        .hasMessageContaining("mantissa.providers.google_workspace.subject");
    assertThatThrownBy(() -> assets.get("aws_ec2").create(context(bad, "aws_ec2")))
        .hasMessageContaining("mantissa.providers.aws_ec2.region");
    assertThatThrownBy(() -> assets.get("gcp_asset").create(context(bad, "gcp_asset")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("projects/<id>");
    assertThatThrownBy(
            () -> assets.get("azure_resource_graph").create(context(bad, "azure_resource_graph")))
        .hasMessageContaining("mantissa.providers.azure_resource_graph.access-token");
    MantissaConfig notAKey =
        MantissaConfig.builder()
            .providerSetting(
                "google_workspace",
                "service-account-json",
                "{\"client_email\": \"a@b\","
                    + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\"}")
            .providerSetting("google_workspace", "subject", "admin@example.com")
            .build();
    assertThatThrownBy(
            () -> directories.get("google_workspace").create(context(notAKey, "google_workspace")))
        .isInstanceOf(MantissaException.class)
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
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
