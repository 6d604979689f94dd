package io.mantissa.nlq.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The eight providers as the registry finds them, and how they read and check settings. */
class LlmProvidersTest {
  private static final String[] NAMES = {
    "anthropic", "azure-openai", "bedrock", "gemini", "mistral", "ollama", "openai", "vertex-gemini"
  };

  /** Settings that are complete for each provider. */
  private static Map<String, String> complete(String provider) {
    return switch (provider) {
      case "azure-openai" ->
          Map.of(
              "endpoint", "https://res.openai.azure.com", "deployment", "d", "api-key", "k-123456");
      case "bedrock" ->
          Map.of(
              "region", "us-east-1",
              "model", "m",
              "access-key-id", "AKID",
              "secret-access-key", "k-123456");
      case "vertex-gemini" ->
          Map.of(
              "project", "p", "location", "us-central1", "access-token", "k-123456", "model", "m");
      case "ollama" -> Map.of("model", "m");
      default -> Map.of("api-key", "k-123456", "model", "m");
    };
  }

  @Test
  void theRegistryFindsTheEightProviders() {
    assertThat(ProviderRegistry.load(LlmProvider.class).names()).containsExactly(NAMES);
  }

  @Test
  void anUnknownProviderNameListsTheEight() {
    MantissaException e =
        catchThrowableOfType(
            MantissaException.class, () -> ProviderRegistry.load(LlmProvider.class).get("gpt"));

    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_PROVIDER);
    assertThat(e.getMessage())
        .contains("'gpt'")
        .contains(
            "anthropic, azure-openai, bedrock, gemini, mistral, ollama, openai, vertex-gemini");
  }

  @Test
  void everyProviderBuildsFromCompleteSettingsWithoutShowingTheSecret() {
    for (String name : NAMES) {
      ChatModel model = LlmFixtures.model(name, complete(name));
      assertThat(model.toString()).as(name).contains(name).doesNotContain("k-123456");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "anthropic, api-key",
    "anthropic, model",
    "openai, api-key",
    "azure-openai, deployment",
    "azure-openai, api-key",
    "azure-openai, endpoint",
    "bedrock, region",
    "bedrock, secret-access-key",
    "gemini, api-key",
    "vertex-gemini, project",
    "vertex-gemini, location",
    "vertex-gemini, access-token",
    "ollama, model",
    "mistral, api-key"
  })
  void aMissingSettingIsAConfigErrorNamingTheKeyAndProvider(String provider, String key) {
    Map<String, String> settings = new java.util.HashMap<>(complete(provider));
    settings.remove(key);

    assertThatThrownBy(() -> LlmFixtures.model(provider, settings))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("'" + provider + "'")
        .hasMessageContaining("mantissa.providers." + provider + "." + key)
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }

  @Test
  void bedrockWithoutAnyCredentialNamesBothWays() {
    assertThatThrownBy(
            () -> LlmFixtures.model("bedrock", Map.of("region", "us-east-1", "model", "m")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.bedrock.access-key-id")
        .hasMessageContaining("mantissa.providers.bedrock.api-key");
  }

  @Test
  void anUnknownSettingIsRejectedWithTheKnownOnes() {
    assertThatThrownBy(
            () -> LlmFixtures.model("openai", Map.of("api-key", "k", "model", "m", "modle", "x")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.openai.modle")
        .hasMessageContaining("known: api-key, base-url");
  }

  @Test
  void underscoresAndDashesInKeysAreTheSame() {
    ChatModel model =
        LlmFixtures.model("openai", Map.of("API_KEY", "k-123456", "model", "m", "base_url", "x"));
    assertThat(model.defaultRequestParameters().modelName()).isEqualTo("m");
  }

  @Test
  void environmentStyleProviderNamesWithUnderscoresAreRead() {
    // MANTISSA_PROVIDERS_AZURE_OPENAI__API_KEY lands under the provider name "azure_openai".
    MantissaConfig config =
        MantissaConfig.builder()
            .providerSetting("azure_openai", "api-key", "k-123456")
            .providerSetting("azure_openai", "endpoint", "https://res.openai.azure.com")
            .providerSetting("azure-openai", "deployment", "gpt4o")
            .build();

    ChatModel model =
        ProviderRegistry.load(LlmProvider.class)
            .get("azure-openai")
            .create(ProviderContext.of(config, "azure-openai"));

    assertThat(model.defaultRequestParameters().modelName()).isEqualTo("gpt4o");
  }

  @Test
  void aBadNumberOrTimeoutIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(
            () ->
                LlmFixtures.model(
                    "mistral", Map.of("api-key", "k", "model", "m", "temperature", "warm")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.mistral.temperature");
    assertThatThrownBy(
            () ->
                LlmFixtures.model("mistral", Map.of("api-key", "k", "model", "m", "timeout", "0s")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.mistral.timeout");
  }

  @Test
  void timeoutsReadInTheUsualForms() {
    assertThat(LlmSettings.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(LlmSettings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(LlmSettings.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(LlmSettings.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(LlmSettings.parseDuration("PT90S")).isEqualTo(Duration.ofSeconds(90));
  }
}
