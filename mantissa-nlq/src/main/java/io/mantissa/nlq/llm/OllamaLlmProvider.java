package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import io.mantissa.spi.ProviderContext;
import java.util.Map;
import java.util.Set;

/**
 * A local or self-hosted Ollama server ({@code POST /api/chat}, no authentication) through {@code
 * langchain4j-ollama}. Settings: {@code model} (required), {@code base-url} (default {@value
 * #DEFAULT_BASE_URL}), optional {@code api-key} (sent as {@code Authorization: Bearer}, for an
 * Ollama behind an authenticating proxy), {@code num-ctx} (context window), and the common {@code
 * temperature}, {@code max-tokens} (Ollama's {@code num_predict}), {@code timeout}, {@code
 * max-retries}.
 */
public final class OllamaLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "ollama";

  /** Where Ollama listens by default. */
  public static final String DEFAULT_BASE_URL = "http://localhost:11434";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public OllamaLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s = LlmSettings.of(NAME, context, Set.of("api-key", "num-ctx"));
    String model = s.required("model");
    OllamaChatModel.OllamaChatModelBuilder b =
        OllamaChatModel.builder()
            .httpClientBuilder(s.httpClient())
            .baseUrl(s.optional("base-url", DEFAULT_BASE_URL))
            .modelName(model)
            .timeout(s.timeout())
            .maxRetries(s.maxRetries());
    s.optionalSecret("api-key")
        .ifPresent(key -> b.customHeaders(() -> Map.of("Authorization", "Bearer " + key.reveal())));
    s.temperature(b::temperature);
    s.ifPresent("max-tokens", Integer::parseInt, b::numPredict);
    s.ifPresent("num-ctx", Integer::parseInt, b::numCtx);
    return s.guard(b.build(), model);
  }
}
