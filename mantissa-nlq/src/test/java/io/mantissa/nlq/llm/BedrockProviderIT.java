package io.mantissa.nlq.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.mantissa.nlq.llm.LlmFixtures.ANSWER;
import static io.mantissa.nlq.llm.LlmFixtures.QUESTION;
import static io.mantissa.nlq.llm.LlmFixtures.SYSTEM;
import static io.mantissa.nlq.llm.LlmFixtures.TURNS;
import static io.mantissa.nlq.llm.LlmFixtures.assertCleanFailure;
import static io.mantissa.nlq.llm.LlmFixtures.body;
import static io.mantissa.nlq.llm.LlmFixtures.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.spi.auth.AwsSigV4;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bedrock provider against a loopback server speaking the Bedrock Converse API. */
class BedrockProviderIT {
  private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
  private static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  private static final String PATH = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  private ChatModel model(Map<String, String> extra) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "region",
                "us-west-2",
                "model",
                MODEL,
                "access-key-id",
                KEY_ID,
                "secret-access-key",
                SECRET,
                "base-url",
                server.loopbackUrl(""),
                "max-retries",
                "0",
                "max-tokens",
                "1024",
                "temperature",
                "0"));
    settings.putAll(extra);
    return LlmFixtures.model("bedrock", settings);
  }

  private void answer(String contentBlock) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"output": {"message": {"role": "assistant", "content": [%s]}},
                         "stopReason": "end_turn",
                         "usage": {"inputTokens": 61, "outputTokens": 38, "totalTokens": 99},
                         "metrics": {"latencyMs": 812}}
                        """
                            .formatted(contentBlock))));
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  /** Signs the request as the server received it and compares with its Authorization header. */
  private static void assertSignatureMatches(LoggedRequest request, String region) {
    String authorization = request.getHeader("Authorization");
    String signed =
        authorization.substring(
            authorization.indexOf("SignedHeaders=") + "SignedHeaders=".length(),
            authorization.indexOf(", Signature="));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : signed.split(";")) {
      assertThat(request.containsHeader(name)).as("signed header " + name + " was sent").isTrue();
      headers.put(name, request.getHeader(name));
    }
    String expected =
        AwsSigV4.authorization(
            "POST",
            request.getUrl(),
            Map.of(),
            headers,
            request.getBodyAsString(),
            KEY_ID,
            SECRET,
            region,
            "bedrock");
    assertThat(authorization).isEqualTo(expected);
  }

  @Test
  void sendsASigV4SignedConverseRequestAndReturnsTheAnswer() {
    answer("{\"text\": " + quoted(ANSWER) + "}");

    String text = LlmClient.of(model(Map.of())).complete(SYSTEM, TURNS);

    assertThat(text).isEqualTo(ANSWER);
    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("X-Amz-Date")).isEqualTo("20260315T101530Z");
    assertThat(request.getHeader("Authorization"))
        .matches(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260315/us-west-2/bedrock/aws4_request,"
                + " SignedHeaders=accept;content-type;host;x-amz-date, Signature=[0-9a-f]{64}");
    assertSignatureMatches(request, "us-west-2");
    JsonNode body = body(request);
    assertThat(body.path("system").get(0).path("text").asText()).isEqualTo(SYSTEM);
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText())
        .isEqualTo(QUESTION);
    assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(1024);
    assertThat(body.path("inferenceConfig").path("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.has("toolConfig")).isFalse();
  }

  @Test
  void signsTheSessionTokenOfTemporaryCredentials() {
    answer("{\"text\": " + quoted(ANSWER) + "}");

    LlmClient.of(model(Map.of("session-token", TOKEN))).complete(SYSTEM, TURNS);

    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("X-Amz-Security-Token")).isEqualTo(TOKEN);
    assertThat(request.getHeader("Authorization"))
        .contains("SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token,");
    assertSignatureMatches(request, "us-west-2");
  }

  @Test
  void asksForStructuredOutputThroughAForcedTool() throws Exception {
    answer(
        "{\"toolUse\": {\"toolUseId\": \"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\", \"name\": \"query_plan\","
            + " \"input\": "
            + ANSWER
            + "}}");

    String text = LlmClient.of(model(Map.of())).completeJson(SYSTEM, TURNS, LlmFixtures.schema());

    assertThat(LlmFixtures.JSON.readTree(text)).isEqualTo(LlmFixtures.JSON.readTree(ANSWER));
    JsonNode config = body(onlyRequest()).path("toolConfig");
    JsonNode spec = config.path("tools").get(0).path("toolSpec");
    assertThat(spec.path("name").asText()).isEqualTo("query_plan");
    assertThat(spec.path("inputSchema").path("json").path("properties").has("sql")).isTrue();
    assertThat(config.path("toolChoice").path("tool").path("name").asText())
        .isEqualTo("query_plan");
  }

  @Test
  void sendsABedrockApiKeyAsABearerToken() {
    answer("{\"text\": " + quoted(ANSWER) + "}");

    LlmClient.of(
            LlmFixtures.model(
                "bedrock",
                Map.of(
                    "region",
                    "eu-central-1",
                    "model",
                    MODEL,
                    "api-key",
                    "ABSKQmVkcm9ja0FQSUtleS1EXAMPLE",
                    "base-url",
                    server.loopbackUrl(""))))
        .complete(SYSTEM, TURNS);

    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("Authorization"))
        .isEqualTo("Bearer ABSKQmVkcm9ja0FQSUtleS1EXAMPLE");
    assertThat(request.containsHeader("X-Amz-Date")).isFalse();
  }

  @Test
  void retriesAThrottledCallSignedAfresh() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .inScenario("throttled")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\": \"Too many requests, please wait before trying again.\"}"))
            .willSetStateTo("recovered"));
    server.stubFor(
        post(urlEqualTo(PATH))
            .inScenario("throttled")
            .whenScenarioStateIs("recovered")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"output\": {\"message\": {\"role\": \"assistant\", \"content\": [{\"text\": "
                            + quoted(ANSWER)
                            + "}]}}, \"stopReason\": \"end_turn\"}")));

    String text = LlmClient.of(model(Map.of("max-retries", "1"))).complete(SYSTEM, TURNS);

    assertThat(text).isEqualTo(ANSWER);
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(2);
    requests.forEach(r -> assertSignatureMatches(r, "us-west-2"));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 429, 500})
  void anHttpErrorIsAMantissaExceptionWithoutTheSecret(int status) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-ErrorType", "UnrecognizedClientException")
                    .withBody(
                        "{\"message\": \"The security token included in the request is invalid: "
                            + SECRET
                            + "\"}")));
    ChatModel model = model(Map.of());

    var e =
        assertCleanFailure(
            () -> LlmClient.of(model).complete(SYSTEM, TURNS), "bedrock", status, SECRET);
    assertThat(e.getMessage()).contains("The security token included in the request is invalid");
  }
}
