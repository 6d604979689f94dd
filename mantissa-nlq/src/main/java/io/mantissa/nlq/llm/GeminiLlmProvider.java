package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import java.util.Set;

/**
 * Google AI's Gemini API ({@code POST /v1beta/models/{model}:generateContent}, key in the {@code
 * x-goog-api-key} header) through {@code langchain4j-google-ai-gemini}. Settings: {@code api-key}
 * and {@code model} (required), and the common {@code base-url}, {@code temperature}, {@code
 * max-tokens}, {@code timeout}, {@code max-retries}.
 */
public final class GeminiLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "gemini";

  static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public GeminiLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s = LlmSettings.of(NAME, context, Set.of("api-key"));
    Secret key = s.secret("api-key");
    String model = s.required("model");
    GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder b =
        GoogleAiGeminiChatModel.builder()
            .httpClientBuilder(s.httpClient())
            .baseUrl(s.optional("base-url", DEFAULT_BASE_URL))
            .apiKey(key.reveal())
            .modelName(model)
            .timeout(s.timeout())
            .maxRetries(s.maxRetries());
    s.temperature(b::temperature);
    s.ifPresent("max-tokens", Integer::parseInt, b::maxOutputTokens);
    return s.guard(b.build(), model);
  }
}
