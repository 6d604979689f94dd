package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google Workspace, Microsoft Graph, Office 365 and Duo collector providers: found by {@code
 * ServiceLoader} under their source ids, configured from settings, and refusing missing or bad
 * settings with {@code CONFIG_INVALID} without showing a secret.
 */
class CloudIdentityCollectorProvidersTest {
  @TempDir Path dir;

  private LogCollector create(String name, Map<String, String> settings) {
    return ProviderRegistry.load(LogCollectorProvider.class)
        .get(name)
        .create(
            new ProviderContext(
                MantissaConfig.builder().dataDir(dir).build(), Clock.systemUTC(), settings));
  }

  private static void configError(Runnable create, String message, String secret) {
    assertThatThrownBy(create::run)
        .isInstanceOf(MantissaException.class)
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining(message)
        .hasMessageNotContaining(secret);
  }

  @Test
  void theProvidersAreFoundByTheirSourceIds() throws Exception {
    assertThat(ProviderRegistry.load(LogCollectorProvider.class).names())
        .contains("google_workspace", "entra_signin", "entra_audit", "m365", "duo");
    assertThat(create("google_workspace", Map.of("access-token", "ya29.x")).source())
        .isEqualTo("google_workspace");
    Map<String, String> entra =
        Map.of("tenant-id", "contoso.onmicrosoft.com", "client-id", "app", "client-secret", "s");
    assertThat(create("entra_signin", entra).source()).isEqualTo("entra_signin");
    assertThat(create("entra_audit", Map.of("access-token", "t")).source())
        .isEqualTo("entra_audit");
    assertThat(create("m365", entra).source()).isEqualTo("m365");
    assertThat(
            create(
                    "duo",
                    Map.of(
                        "host", "api-1234abcd.duosecurity.com",
                        "integration-key", "DI0",
                        "secret-key", "k"))
                .source())
        .isEqualTo("duo");

    // a service-account JSON key file, as Google issues it
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\\n"
            + Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
            + "\\n-----END PRIVATE KEY-----\\n";
    Path key = dir.resolve("sa.json");
    Files.writeString(
        key,
        "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"1\","
            + "\"private_key\":\""
            + pem
            + "\",\"client_email\":\"reader@p.iam.gserviceaccount.com\",\"token_uri\":"
            + "\"https://oauth2.googleapis.com/token\"}");
    assertThat(
            create(
                    "google_workspace",
                    Map.of("credentials-file", key.toString(), "subject", "admin@example.com"))
                .source())
        .isEqualTo("google_workspace");
    configError(
        () -> create("google_workspace", Map.of("credentials-file", key.toString())),
        "subject",
        "PRIVATE KEY");
  }

  @Test
  void missingOrBadSettingsAreConfigErrorsThatNeverShowASecret() {
    configError(() -> create("google_workspace", Map.of()), "access-token", "x");
    configError(
        () ->
            create(
                "google_workspace",
                Map.of("access-token", "sekret-g", "applications", "login,Bad App")),
        "application",
        "sekret-g");
    configError(
        () ->
            create(
                "google_workspace",
                Map.of("client-email", "a@b", "private-key", "sekret-not-a-key", "subject", "x@y")),
        "google_workspace",
        "sekret-not-a-key");
    configError(
        () -> create("entra_signin", Map.of("tenant-id", "t", "client-id", "c")),
        "client-secret",
        "x");
    configError(
        () ->
            create(
                "entra_audit",
                Map.of("access-token", "sekret-e", "base-url", "http://graph.example")),
        "https",
        "sekret-e");
    configError(() -> create("m365", Map.of("access-token", "sekret-m")), "tenant-id", "sekret-m");
    configError(
        () ->
            create(
                "m365",
                Map.of("tenant-id", "t", "access-token", "sekret-m", "content-types", "Audit.Foo")),
        "content type",
        "sekret-m");
    configError(
        () -> create("duo", Map.of("host", "api-1.duosecurity.com", "secret-key", "sekret-d")),
        "integration-key",
        "sekret-d");
    configError(
        () -> create("duo", Map.of("integration-key", "DI0", "secret-key", "s")), "host", "x");
    assertThat(
            create(
                "duo",
                Map.of(
                    "host",
                    "api-1.duosecurity.com",
                    "integration-key",
                    "DI0",
                    "secret-key",
                    "sekret-d")))
        .asString()
        .doesNotContain("sekret-d");
  }
}
