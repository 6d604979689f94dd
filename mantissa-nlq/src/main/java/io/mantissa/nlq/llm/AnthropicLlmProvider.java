package io.mantissa.nlq.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import java.util.Set;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}) through {@code langchain4j-anthropic}.
 * Settings: {@code api-key} and {@code model} (required), {@code version} (the {@code
 * anthropic-version} header, default {@code 2023-06-01}), {@code max-tokens} (default 4096), and
 * the common {@code base-url}, {@code temperature}, {@code timeout}, {@code max-retries}.
 */
public final class AnthropicLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "anthropic";

  static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1/";
  static final String DEFAULT_VERSION = "2023-06-01";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public AnthropicLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s = LlmSettings.of(NAME, context, Set.of("api-key", "version"));
    Secret key = s.secret("api-key");
    String model = s.required("model");
    AnthropicChatModel.AnthropicChatModelBuilder b =
        AnthropicChatModel.builder()
            .httpClientBuilder(s.httpClient())
            .baseUrl(s.optional("base-url", DEFAULT_BASE_URL))
            .apiKey(key.reveal())
            .version(s.optional("version", DEFAULT_VERSION))
            .modelName(model)
            .maxTokens(s.integer("max-tokens", 4096))
            .timeout(s.timeout())
            .maxRetries(s.maxRetries());
    s.temperature(b::temperature);
    return s.guard(b.build(), model);
  }
}
