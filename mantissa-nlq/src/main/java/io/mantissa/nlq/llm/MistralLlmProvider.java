package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.mistralai.MistralAiChatModel;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import java.util.Set;

/**
 * Mistral's Chat Completion API ({@code POST /v1/chat/completions}, {@code Authorization: Bearer})
 * through {@code langchain4j-mistral-ai}. Settings: {@code api-key} and {@code model} (required),
 * and the common {@code base-url}, {@code temperature}, {@code max-tokens}, {@code timeout}, {@code
 * max-retries}.
 */
public final class MistralLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "mistral";

  static final String DEFAULT_BASE_URL = "https://api.mistral.ai/v1";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public MistralLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s = LlmSettings.of(NAME, context, Set.of("api-key"));
    Secret key = s.secret("api-key");
    String model = s.required("model");
    MistralAiChatModel.MistralAiChatModelBuilder b =
        MistralAiChatModel.builder()
            .httpClientBuilder(s.httpClient())
            .baseUrl(s.optional("base-url", DEFAULT_BASE_URL))
            .apiKey(key.reveal())
            .modelName(model)
            .timeout(s.timeout())
            .maxRetries(s.maxRetries());
    s.temperature(b::temperature);
    s.ifPresent("max-tokens", Integer::parseInt, b::maxTokens);
    return s.guard(b.build(), model);
  }
}
