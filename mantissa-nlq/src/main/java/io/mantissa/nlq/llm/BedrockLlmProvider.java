package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.ProviderContext;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Amazon Bedrock through its Converse API ({@code POST /model/{modelId}/converse}), implemented in
 * {@link BedrockChatModel} on the JDK HTTP client with SigV4 signing written here, rather than
 * {@code langchain4j-bedrock}, which needs the AWS SDK and its default credential chain.
 *
 * <p>Settings: {@code region} and {@code model} (the model or inference-profile id, such as {@code
 * anthropic.claude-3-5-sonnet-20240620-v1:0}) are required. Credentials: {@code access-key-id} and
 * {@code secret-access-key}, plus {@code session-token} for temporary credentials; or a Bedrock API
 * key as {@code api-key}. Common: {@code base-url} (default {@code
 * https://bedrock-runtime.<region>.amazonaws.com}), {@code temperature}, {@code max-tokens}, {@code
 * timeout}, {@code max-retries}. Credentials are not discovered from the environment or instance
 * metadata: set them (for example from {@code MANTISSA_PROVIDERS_BEDROCK__SECRET_ACCESS_KEY}).
 */
public final class BedrockLlmProvider implements LlmProvider {
  /** The provider name. */
  public static final String NAME = "bedrock";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public BedrockLlmProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChatModel create(ProviderContext context) {
    LlmSettings s =
        LlmSettings.of(
            NAME,
            context,
            Set.of("region", "access-key-id", "secret-access-key", "session-token", "api-key"));
    String region = s.required("region");
    String model = s.required("model");
    BedrockChatModel.Auth auth;
    if (s.optional("api-key").isPresent()) {
      auth = new BedrockChatModel.ApiKey(s.secret("api-key"));
    } else {
      if (s.optional("access-key-id").isEmpty()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "LLM provider 'bedrock' needs "
                + s.fullKey("access-key-id")
                + " and "
                + s.fullKey("secret-access-key")
                + ", or "
                + s.fullKey("api-key"));
      }
      auth =
          new BedrockChatModel.AccessKeys(
              s.required("access-key-id"),
              s.secret("secret-access-key"),
              s.optionalSecret("session-token"));
    }
    URI endpoint;
    String url = s.optional("base-url", "https://bedrock-runtime." + region + ".amazonaws.com");
    try {
      endpoint = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "bad value '" + url + "' for " + s.fullKey("base-url"), e);
    }
    Double temperature = s.decimal("temperature").orElse(null);
    Integer maxTokens = s.optional("max-tokens").map(v -> s.integer("max-tokens", 0)).orElse(null);
    Duration timeout = s.timeout();
    BedrockChatModel bedrock =
        new BedrockChatModel(
            s.httpClient().connectTimeout(timeout).readTimeout(timeout).build(),
            endpoint,
            region,
            auth,
            context.clock(),
            s.maxRetries(),
            BedrockChatModel.defaults(model, temperature, maxTokens));
    return s.guard(bedrock, model);
  }
}
