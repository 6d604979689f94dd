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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vertex-gemini provider against a loopback server speaking the Vertex AI generateContent API.
 */
class VertexGeminiProviderIT {
  private static final String KEY = "ya29.a0AfB_test-access-token-0123456789";
  private static final String PATH =
      "/v1/projects/mantissa-prod/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  private ChatModel model() {
    return LlmFixtures.model(
        "vertex-gemini",
        Map.of(
            "access-token", KEY,
            "project", "mantissa-prod",
            "location", "europe-west4",
            "model", "gemini-2.5-flash",
            "base-url", server.loopbackUrl(""),
            "max-retries", "0",
            "temperature", "0"));
  }

  private void answer(String text) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"candidates": [{"content": {"parts": [{"text": %s}], "role": "model"},
                           "finishReason": "STOP", "index": 0}],
                         "usageMetadata": {"promptTokenCount": 61, "candidatesTokenCount": 38,
                           "totalTokenCount": 99},
                         "modelVersion": "gemini-2.5-flash", "responseId": "mAq2aKe9Hf2p1MkPh8yq4Ak"}
                        """
                            .formatted(quoted(text)))));
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void sendsTheSystemInstructionApartAndReturnsTheAnswer() {
    answer(ANSWER);

    String text = LlmClient.of(model()).complete(SYSTEM, TURNS);

    assertThat(text).isEqualTo(ANSWER);
    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.containsHeader("x-goog-api-key")).isFalse();
    JsonNode body = body(request);
    assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText())
        .isEqualTo(SYSTEM);
    assertThat(body.path("contents")).hasSize(1);
    assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText())
        .isEqualTo(QUESTION);
    assertThat(body.path("generationConfig").path("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.path("generationConfig").path("responseMimeType").asText("text/plain"))
        .isEqualTo("text/plain");
    assertThat(body.path("generationConfig").has("responseSchema")).isFalse();
  }

  @Test
  void asksForJsonWithTheResponseSchema() {
    answer(ANSWER);

    String text = LlmClient.of(model()).completeJson(SYSTEM, TURNS, LlmFixtures.schema());

    assertThat(text).isEqualTo(ANSWER);
    JsonNode config = body(onlyRequest()).path("generationConfig");
    assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(config.path("responseSchema").path("properties").has("sql")).isTrue();
    assertThat(config.path("responseSchema").path("required").toString())
        .contains("sql", "explanation");
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 429, 500})
  void anHttpErrorIsAMantissaExceptionWithoutTheKey(int status) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"error": {"code": %d, "status": "UNAUTHENTICATED",
                          "message": "Request had invalid authentication credentials: %s"}}
                        """
                            .formatted(status, KEY))));
    ChatModel model = model();

    var e =
        assertCleanFailure(
            () -> LlmClient.of(model).complete(SYSTEM, TURNS), "vertex-gemini", status, KEY);
    assertThat(e.getMessage()).contains("****");
  }
}
