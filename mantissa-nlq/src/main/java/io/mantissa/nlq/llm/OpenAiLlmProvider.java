package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import java.util.Set;

/**
 * OpenAI's Chat Completions API ({@code POST /v1/chat/completions}, {@code Authorization: Bearer})
 * through {@code langchain4j-open-ai}. Settings: {@code api-key} and {@code model} (required),
 * optional {@code organization} and {@code project}, and the common {@code base-url}, {@code
 * temperature}, {@code max-tokens}, {@code timeout}, {@code max-retries}. Any server speaking the
 * same API (vLLM, LiteLLM, ...) works through {@code base-url}.
 */
public final class OpenAiLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "openai";

  static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public OpenAiLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s = LlmSettings.of(NAME, context, Set.of("api-key", "organization", "project"));
    Secret key = s.secret("api-key");
    String model = s.required("model");
    OpenAiChatModel.OpenAiChatModelBuilder b =
        OpenAiChatModel.builder()
            .httpClientBuilder(s.httpClient())
            .baseUrl(s.optional("base-url", DEFAULT_BASE_URL))
            .apiKey(key.reveal())
            .modelName(model)
            .strictJsonSchema(true)
            .timeout(s.timeout())
            .maxRetries(s.maxRetries());
    s.optional("organization").ifPresent(b::organizationId);
    s.optional("project").ifPresent(b::projectId);
    s.temperature(b::temperature);
    s.ifPresent("max-tokens", Integer::parseInt, b::maxCompletionTokens);
    return s.guard(b.build(), model);
  }
}
