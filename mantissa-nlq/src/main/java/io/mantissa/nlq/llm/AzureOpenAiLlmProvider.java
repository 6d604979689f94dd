package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.ProviderContext;
import java.util.Map;
import java.util.Set;

/**
 * Azure OpenAI's data-plane REST API: {@code POST
 * {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...} with the key in the
 * {@code api-key} header. The request and response bodies are OpenAI's, so this provider uses
 * {@code langchain4j-open-ai} pointed at the deployment; {@code langchain4j-azure-open-ai} is not
 * used because it brings the Azure SDK (Netty, Reactor) and its key policy refuses plain {@code
 * http://} endpoints such as a local proxy.
 *
 * <p>Settings: {@code endpoint} (the resource URL, {@code https://<resource>.openai.azure.com};
 * {@code base-url} is accepted as a synonym), {@code deployment}, {@code api-key} (required),
 * {@code api-version} (default {@value #DEFAULT_API_VERSION}), {@code model} (sent in the body,
 * default: the deployment name), and the common {@code temperature}, {@code max-tokens}, {@code
 * timeout}, {@code max-retries}.
 */
public final class AzureOpenAiLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "azure-openai";

  /** The newest generally available data-plane API version when this was written. */
  public static final String DEFAULT_API_VERSION = "2024-10-21";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public AzureOpenAiLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s =
        LlmSettings.of(NAME, context, Set.of("api-key", "endpoint", "deployment", "api-version"));
    String endpoint = s.optional("endpoint").orElseGet(() -> s.optional("base-url").orElse(null));
    if (endpoint == null) {
      endpoint = s.required("endpoint");
    }
    String deployment = s.required("deployment");
    Secret key = s.secret("api-key");
    String model = s.optional("model", deployment);
    String base =
        stripSlash(endpoint)
            + "/openai/deployments/"
            + java.net.URLEncoder.encode(deployment, java.nio.charset.StandardCharsets.UTF_8);
    OpenAiChatModel.OpenAiChatModelBuilder b =
        OpenAiChatModel.builder()
            .httpClientBuilder(s.httpClient())
            .baseUrl(base)
            .customHeaders(Map.of("api-key", key.reveal()))
            .customQueryParams(
                Map.of("api-version", s.optional("api-version", DEFAULT_API_VERSION)))
            .modelName(model)
            .strictJsonSchema(true)
            .timeout(s.timeout())
            .maxRetries(s.maxRetries());
    s.temperature(b::temperature);
    s.ifPresent("max-tokens", Integer::parseInt, b::maxTokens);
    return s.guard(b.build(), model);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
