package io.mantissa.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void defaultsAreTheEmbeddedInstallation() {
    MantissaConfig config = ConfigLoader.load(Map.of(), "mantissa.yaml", Map.of(), Map.of());

    assertThat(config).isEqualTo(MantissaConfig.defaults());
    assertThat(config.dataDir()).isEqualTo(Path.of("mantissa-data"));
    assertThat(config.eventStore()).isEqualTo("local");
    assertThat(config.defaultRowLimit()).isEqualTo(1_000);
    assertThat(config.maxRowLimit()).isEqualTo(10_000);
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void yamlSystemPropertiesAndEnvironmentMapOntoTheSameSettingsInOrder() {
    Map<String, Object> yaml =
        Map.of(
            "mantissa",
            Map.of(
                "data-dir", "/var/lib/mantissa",
                "server", Map.of("port", 9000, "host", "0.0.0.0"),
                "query", Map.of("timeout", "30s")));
    Map<String, String> props = Map.of("mantissa.server.port", "9100", "user.home", "/root");
    Map<String, String> env =
        Map.of(
            "MANTISSA_QUERY_DEFAULT_ROW_LIMIT", "50",
            "MANTISSA_SERVER_PORT", "9200",
            "PATH", "/usr/bin");

    MantissaConfig config = ConfigLoader.load(yaml, "mantissa.yaml", props, env);

    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/mantissa"));
    assertThat(config.serverHost()).isEqualTo("0.0.0.0");
    assertThat(config.serverPort()).isEqualTo(9200);
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.defaultRowLimit()).isEqualTo(50);
  }

  @Test
  void yamlWithoutTheTopLevelKeyIsAccepted() {
    MantissaConfig config =
        ConfigLoader.load(Map.of("server", Map.of("port", 7000)), "m.yaml", Map.of(), Map.of());

    assertThat(config.serverPort()).isEqualTo(7000);
  }

  @Test
  void providerSettingsComeFromEveryLayer() {
    Map<String, Object> yaml =
        Map.of("providers", Map.of("okta", Map.of("domain", "example.okta.com")));
    Map<String, String> env = Map.of("MANTISSA_PROVIDERS_OKTA__API_TOKEN", "s3cr3t");

    MantissaConfig config = ConfigLoader.load(yaml, "mantissa.yaml", Map.of(), env);

    assertThat(config.providerSettings("okta"))
        .containsEntry("domain", "example.okta.com")
        .containsEntry("api-token", "s3cr3t");
  }

  @Test
  void unknownKeyNamesTheKeyItsOriginAndTheKnownKeys() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("server", Map.of("prot", 1)), "conf/mantissa.yaml", Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("'mantissa.server.prot' (from conf/mantissa.yaml)")
        .hasMessageContaining("mantissa.server.port");
  }

  @Test
  void badValueNamesKeyAndOrigin() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of(), "y", Map.of(), Map.of("MANTISSA_QUERY_TIMEOUT", "soon")))
        .hasMessageContaining("bad value for 'mantissa.query.timeout'")
        .hasMessageContaining("environment variable MANTISSA_QUERY_TIMEOUT")
        .hasMessageContaining("not a duration");
  }

  @Test
  void invalidCombinationsAreRefused() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("query", Map.of("default-row-limit", 500, "max-row-limit", 100)),
                    "y",
                    Map.of(),
                    Map.of()))
        .hasMessageContaining("max row limit 100 is below the default row limit 500");
  }

  @Test
  void durationsInEveryDocumentedForm() {
    assertThat(ConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigLoader.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ConfigLoader.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(ConfigLoader.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(ConfigLoader.parseDuration("PT90S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void secretsNeverAppearInToString() {
    Map<String, Object> yaml =
        Map.of(
            "server",
            Map.of("api-keys", List.of("key-one-123", "key-two-456")),
            "providers",
            Map.of("okta", Map.of("api-token", "tok-789")));

    MantissaConfig config = ConfigLoader.load(yaml, "y", Map.of(), Map.of());

    assertThat(config.apiKeys())
        .extracting(Secret::reveal)
        .containsExactly("key-one-123", "key-two-456");
    assertThat(config.toString())
        .doesNotContain("key-one-123", "key-two-456", "tok-789")
        .contains("apiKeys=2 configured")
        .contains("api-token=****");
    assertThat(Secret.of("hunter2").toString()).isEqualTo("****");
    assertThat(Secret.of("hunter2").matches("hunter2")).isTrue();
    assertThat(Secret.of("hunter2").matches("hunter3")).isFalse();
  }

  @Test
  void environmentVariableNamesMapToKeys() {
    assertThat(ConfigLoader.keyForEnvironmentVariable("MANTISSA_DATA_DIR"))
        .isEqualTo("mantissa.data-dir");
    assertThat(ConfigLoader.keyForEnvironmentVariable("MANTISSA_SERVER_MAX_BODY_BYTES"))
        .isEqualTo("mantissa.server.max-body-bytes");
    assertThat(
            ConfigLoader.keyForEnvironmentVariable(
                "MANTISSA_PROVIDERS_AWS_CLOUDTRAIL__BUCKET_NAME"))
        .isEqualTo("mantissa.providers.aws_cloudtrail.bucket-name");
  }
}
