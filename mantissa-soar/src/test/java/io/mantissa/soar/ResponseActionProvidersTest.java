package io.mantissa.soar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.response.ResponseAction;
import io.mantissa.spi.response.ResponseActionProvider;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The providers found through ServiceLoader and their settings. */
class ResponseActionProvidersTest {
  private static final String OKTA_TOKEN = "00okta-secret-token";

  private static MantissaConfig config(String vendor, Map<String, String> settings) {
    MantissaConfig.Builder b = MantissaConfig.builder();
    settings.forEach((k, v) -> b.providerSetting(vendor, k, v));
    return b.build();
  }

  @Test
  void serviceLoaderFindsEveryAction() {
    ProviderRegistry<ResponseActionProvider> registry =
        ProviderRegistry.load(ResponseActionProvider.class);
    for (String name :
        new String[] {
          "okta.clear_sessions",
          "okta.revoke_tokens",
          "okta.suspend_user",
          "okta.expire_password",
          "okta.reset_password",
          "entra.revoke_sessions",
          "entra.disable_user",
          "entra.force_password_reset",
          "google_workspace.sign_out",
          "google_workspace.revoke_tokens",
          "google_workspace.suspend_user",
          "google_workspace.force_password_reset"
        }) {
      assertThat(registry.get(name).name()).isEqualTo(name);
    }
  }

  @Test
  void actionsReadTheirVendorsSettings() {
    MantissaConfig okta =
        config("okta", Map.of("url", "https://example.okta.com", "api-token", OKTA_TOKEN));
    ResponseAction a = ResponseActionProviders.create("okta.suspend_user", okta, Clock.systemUTC());
    assertThat(a.name()).isEqualTo("okta.suspend_user");
    assertThat(a.toString()).doesNotContain(OKTA_TOKEN);

    MantissaConfig entra =
        config(
            "entra",
            Map.of(
                "tenant-id", "contoso.onmicrosoft.com", "client-id", "id", "client-secret", "s"));
    assertThat(
            ResponseActionProviders.create("entra.disable_user", entra, Clock.systemUTC()).name())
        .isEqualTo("entra.disable_user");
    MantissaConfig google = config("google_workspace", Map.of("access-token", "ya29.x"));
    assertThat(
            ResponseActionProviders.create(
                    "google_workspace.suspend_user", google, Clock.systemUTC())
                .name())
        .isEqualTo("google_workspace.suspend_user");
    assertThat(ResponseActionProviders.vendorOf("google_workspace.sign_out"))
        .isEqualTo("google_workspace");
  }

  @Test
  void missingOrBadSettingsNameTheKey() {
    assertThatThrownBy(
            () ->
                ResponseActionProviders.create(
                    "okta.suspend_user",
                    config("okta", Map.of("url", "https://example.okta.com")),
                    Clock.systemUTC()))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
              assertThat(e.getMessage()).contains("mantissa.providers.okta.api-token");
            });
    assertThatThrownBy(
            () ->
                ResponseActionProviders.create(
                    "entra.disable_user",
                    config("entra", Map.of("client-id", "id", "client-secret", "s")),
                    Clock.systemUTC()))
        .hasMessageContaining("mantissa.providers.entra.tenant-id");
    assertThatThrownBy(
            () ->
                ResponseActionProviders.create(
                    "google_workspace.sign_out",
                    config(
                        "google_workspace",
                        Map.of("client-email", "sa@p.iam.gserviceaccount.com", "private-key", "x")),
                    Clock.systemUTC()))
        .hasMessageContaining("mantissa.providers.google_workspace.subject");
    assertThatThrownBy(
            () ->
                ResponseActionProviders.create(
                    "okta.suspend_user",
                    config("okta", Map.of("url", "not a url", "api-token", OKTA_TOKEN)),
                    Clock.systemUTC()))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.getMessage()).doesNotContain(OKTA_TOKEN).contains("url"));
    assertThatThrownBy(
            () ->
                ResponseActionProviders.create(
                    "okta.suspend_user",
                    config(
                        "okta",
                        Map.of(
                            "url",
                            "https://example.okta.com",
                            "api-token",
                            OKTA_TOKEN,
                            "allow-private-addresses",
                            "yes")),
                    Clock.systemUTC()))
        .hasMessageContaining("allow-private-addresses");
    assertThatThrownBy(
            () ->
                ResponseActionProviders.create(
                    "okta.delete_everything", config("okta", Map.of()), Clock.systemUTC()))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_PROVIDER));
  }
}
