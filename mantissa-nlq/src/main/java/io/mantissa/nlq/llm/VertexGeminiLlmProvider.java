package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import java.util.Set;

/**
 * Gemini on Vertex AI: {@code POST
 * https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent}
 * with an OAuth 2 access token as {@code Authorization: Bearer}. Vertex takes the same {@code
 * generateContent} request and response bodies as the Gemini API, so this provider reuses {@code
 * langchain4j-google-ai-gemini} pointed at the Vertex publisher path, with the Gemini API key
 * header replaced by the bearer token. {@code langchain4j-vertex-ai-gemini} is not used: it brings
 * the gRPC Google Cloud SDK and Google's credential discovery, which cannot talk to a plain HTTP
 * server on loopback.
 *
 * <p>Settings: {@code project}, {@code location} (such as {@code us-central1}, or {@code global}),
 * {@code access-token} (for example from {@code gcloud auth print-access-token} or a workload
 * identity; it is used as given and not refreshed) and {@code model} (required); the common {@code
 * base-url} (scheme and host only; the {@code /v1/projects/...} path is always added), {@code
 * temperature}, {@code max-tokens}, {@code timeout}, {@code max-retries}.
 */
public final class VertexGeminiLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "vertex-gemini";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public VertexGeminiLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s = LlmSettings.of(NAME, context, Set.of("project", "location", "access-token"));
    String project = s.required("project");
    String location = s.required("location");
    Secret token = s.secret("access-token");
    String model = s.required("model");
    String host =
        s.optional("base-url")
            .map(VertexGeminiLlmProvider::stripSlash)
            .orElse(
                "global".equals(location)
                    ? "https://aiplatform.googleapis.com"
                    : "https://" + location + "-aiplatform.googleapis.com");
    String base =
        host + "/v1/projects/" + project + "/locations/" + location + "/publishers/google";
    GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder b =
        GoogleAiGeminiChatModel.builder()
            .httpClientBuilder(
                s.httpClient().withHeader("Authorization", () -> "Bearer " + token.reveal()))
            .baseUrl(base)
            .modelName(model)
            .timeout(s.timeout())
            .maxRetries(s.maxRetries());
    s.temperature(b::temperature);
    s.ifPresent("max-tokens", Integer::parseInt, b::maxOutputTokens);
    return s.guard(b.build(), model);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
