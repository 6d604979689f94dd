package io.mantissa.nlq.llm;

import static dev.langchain4j.internal.RetryUtils.withRetryMappingExceptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.AwsSigV4;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A LangChain4j {@link ChatModel} on Amazon Bedrock's Converse API ({@code POST
 * /model/{modelId}/converse}), written on the JDK HTTP client so that it needs no AWS SDK and can
 * be pointed at any endpoint. Requests are signed with {@link AwsSigV4} (service {@code bedrock}),
 * or carry a Bedrock API key as {@code Authorization: Bearer}.
 *
 * <p>Structured output: a request whose response format is JSON with a schema becomes a Converse
 * tool whose input schema is that schema, with {@code toolChoice} forcing the model to call it; the
 * tool input the model returns is the answer text. Tools of the caller's own are not supported.
 */
final class BedrockChatModel implements ChatModel {
  static final String SERVICE = "bedrock";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How requests are authenticated. */
  sealed interface Auth permits AccessKeys, ApiKey {}

  /** SigV4 with IAM access keys, and a session token for temporary credentials. */
  record AccessKeys(String accessKeyId, Secret secretAccessKey, Optional<Secret> sessionToken)
      implements Auth {
    /** Validates the keys. */
    AccessKeys {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      Objects.requireNonNull(sessionToken, "sessionToken");
    }
  }

  /** A Bedrock API key, sent as a bearer token. */
  record ApiKey(Secret key) implements Auth {
    /** Validates the key. */
    ApiKey {
      Objects.requireNonNull(key, "key");
    }
  }

  private final HttpClient http;
  private final URI endpoint;
  private final String region;
  private final Auth auth;
  private final Clock clock;
  private final int maxRetries;
  private final ChatRequestParameters defaults;

  BedrockChatModel(
      HttpClient http,
      URI endpoint,
      String region,
      Auth auth,
      Clock clock,
      int maxRetries,
      ChatRequestParameters defaults) {
    this.http = Objects.requireNonNull(http, "http");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.region = Objects.requireNonNull(region, "region");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxRetries = maxRetries;
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    if (defaults.modelName() == null) {
      throw new IllegalArgumentException("a model id is required");
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return defaults;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.AMAZON_BEDROCK;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    if (request.toolSpecifications() != null && !request.toolSpecifications().isEmpty()) {
      throw new UnsupportedFeatureException("tools are not supported by the Bedrock provider");
    }
    String modelId = request.modelName();
    Optional<String> structuredTool = structuredTool(request.responseFormat());
    String body = toJson(converseBody(request, structuredTool));
    String path = pathPrefix() + "/model/" + AwsSigV4.encode(modelId) + "/converse";
    String responseBody =
        withRetryMappingExceptions(() -> http.execute(signed(path, body)).body(), maxRetries);
    return fromConverse(responseBody, modelId, structuredTool.isPresent());
  }

  private String pathPrefix() {
    String p = endpoint.getRawPath();
    return p == null || p.equals("/") ? "" : p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private HttpRequest signed(String path, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", "application/json");
    if (auth instanceof ApiKey key) {
      headers.put("authorization", "Bearer " + key.key().reveal());
    } else {
      AccessKeys keys = (AccessKeys) auth;
      Map<String, String> signedHeaders = new LinkedHashMap<>(headers);
      signedHeaders.put("host", hostHeader());
      signedHeaders.put("x-amz-date", AwsSigV4.amzDate(clock.instant()));
      keys.sessionToken().ifPresent(t -> signedHeaders.put("x-amz-security-token", t.reveal()));
      String authorization =
          AwsSigV4.authorization(
              "POST",
              path,
              Map.of(),
              signedHeaders,
              body,
              keys.accessKeyId(),
              keys.secretAccessKey().reveal(),
              region,
              SERVICE);
      signedHeaders.remove("host"); // the HTTP client sets it from the URL
      headers = signedHeaders;
      headers.put("authorization", authorization);
    }
    HttpRequest.Builder b =
        HttpRequest.builder()
            .method(HttpMethod.POST)
            .url(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path)
            .body(body);
    headers.forEach(b::addHeader);
    return b.build();
  }

  private String hostHeader() {
    int port = endpoint.getPort();
    return port < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + port;
  }

  private static Optional<String> structuredTool(ResponseFormat format) {
    if (format == null || format.type() != ResponseFormatType.JSON) {
      return Optional.empty();
    }
    if (format.jsonSchema() == null) {
      throw new UnsupportedFeatureException(
          "JSON output without a schema is not supported by the Bedrock provider; give a schema");
    }
    String name = format.jsonSchema().name();
    String tool =
        name == null || name.isBlank()
            ? "structured_output"
            : name.replaceAll("[^A-Za-z0-9_-]", "_");
    return Optional.of(tool.length() > 64 ? tool.substring(0, 64) : tool);
  }

  private ObjectNode converseBody(ChatRequest request, Optional<String> structuredTool) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode system = JSON.createArrayNode();
    ArrayNode messages = root.putArray("messages");
    for (ChatMessage m : request.messages()) {
      if (m instanceof SystemMessage s) {
        system.addObject().put("text", s.text());
      } else if (m instanceof UserMessage u) {
        message(messages, "user", u.singleText());
      } else if (m instanceof AiMessage a && a.text() != null && !a.hasToolExecutionRequests()) {
        message(messages, "assistant", a.text());
      } else {
        throw new UnsupportedFeatureException(
            "the Bedrock provider sends only system, user and plain assistant text messages, not "
                + m.type());
      }
    }
    if (!system.isEmpty()) {
      root.set("system", system);
    }
    ObjectNode inference = JSON.createObjectNode();
    if (request.maxOutputTokens() != null) {
      inference.put("maxTokens", request.maxOutputTokens());
    }
    if (request.temperature() != null) {
      inference.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      inference.put("topP", request.topP());
    }
    if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
      ArrayNode stops = inference.putArray("stopSequences");
      request.stopSequences().forEach(stops::add);
    }
    if (!inference.isEmpty()) {
      root.set("inferenceConfig", inference);
    }
    structuredTool.ifPresent(
        name -> {
          JsonSchema schema = request.responseFormat().jsonSchema();
          ObjectNode config = root.putObject("toolConfig");
          ObjectNode spec = config.putArray("tools").addObject().putObject("toolSpec");
          spec.put("name", name);
          spec.put("description", "Return the answer as the input of this tool.");
          spec.putObject("inputSchema")
              .set("json", JSON.valueToTree(JsonSchemaElementUtils.toMap(schema.rootElement())));
          config.putObject("toolChoice").putObject("tool").put("name", name);
        });
    return root;
  }

  private static void message(ArrayNode messages, String role, String text) {
    ObjectNode m = messages.addObject();
    m.put("role", role);
    m.putArray("content").addObject().put("text", text);
  }

  private static ChatResponse fromConverse(String body, String modelId, boolean structured) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Bedrock answered with a body that is not JSON", e);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : root.path("output").path("message").path("content")) {
      if (structured && part.has("toolUse")) {
        text.append(toJson(part.path("toolUse").path("input")));
      } else if (part.path("text").isTextual()) {
        text.append(part.path("text").asText());
      }
    }
    JsonNode usage = root.path("usage");
    TokenUsage tokens =
        usage.isMissingNode()
            ? null
            : new TokenUsage(
                usage.path("inputTokens").asInt(),
                usage.path("outputTokens").asInt(),
                usage.path("totalTokens").asInt());
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(text.toString()))
        .modelName(modelId)
        .tokenUsage(tokens)
        .finishReason(finishReason(root.path("stopReason").asText(""), structured))
        .build();
  }

  private static FinishReason finishReason(String stopReason, boolean structured) {
    switch (stopReason) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "tool_use":
        return structured ? FinishReason.STOP : FinishReason.TOOL_EXECUTION;
      case "max_tokens":
        return FinishReason.LENGTH;
      case "guardrail_intervened":
      case "content_filtered":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  private static String toJson(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The default request parameters from the provider settings. */
  static ChatRequestParameters defaults(String modelId, Double temperature, Integer maxTokens) {
    return DefaultChatRequestParameters.builder()
        .modelName(modelId)
        .temperature(temperature)
        .maxOutputTokens(maxTokens)
        .build();
  }

  @Override
  public String toString() {
    return "BedrockChatModel[region=" + region + ", model=" + defaults.modelName() + "]";
  }
}
