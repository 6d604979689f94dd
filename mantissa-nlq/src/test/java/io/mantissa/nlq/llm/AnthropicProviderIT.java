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

/** The anthropic provider against a loopback server speaking the Anthropic Messages API. */
class AnthropicProviderIT {
  private static final String KEY = "sk-ant-api03-test-key-0123456789";
  private static final String PATH = "/v1/messages";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  private ChatModel model() {
    return LlmFixtures.model(
        "anthropic",
        Map.of(
            "api-key", KEY,
            "model", "claude-sonnet-4-5",
            "base-url", server.loopbackUrl("/v1/"),
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
                        {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
                         "model": "claude-sonnet-4-5",
                         "content": [{"type": "text", "text": %s}],
                         "stop_reason": "end_turn", "stop_sequence": null,
                         "usage": {"input_tokens": 61, "output_tokens": 38}}
                        """
                            .formatted(quoted(text)))));
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void sendsTheSystemPromptApartAndReturnsTheAnswer() {
    answer(ANSWER);

    String text = LlmClient.of(model()).complete(SYSTEM, TURNS);

    assertThat(text).isEqualTo(ANSWER);
    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("x-api-key")).isEqualTo(KEY);
    assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.containsHeader("Authorization")).isFalse();
    JsonNode body = body(request);
    assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.path("system").get(0).path("text").asText()).isEqualTo(SYSTEM);
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText())
        .isEqualTo(QUESTION);
    assertThat(body.has("output_config")).isFalse();
  }

  @Test
  void asksForStructuredOutputWithTheSchema() {
    answer(ANSWER);

    String text = LlmClient.of(model()).completeJson(SYSTEM, TURNS, LlmFixtures.schema());

    assertThat(text).isEqualTo(ANSWER);
    JsonNode format = body(onlyRequest()).path("output_config").path("format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("schema").path("properties").has("sql")).isTrue();
    assertThat(format.path("schema").path("required").toString()).contains("sql", "explanation");
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
                        {"type": "error", "error": {"type": "authentication_error",
                         "message": "invalid x-api-key %s"}}
                        """
                            .formatted(KEY))));
    ChatModel model = model();

    var e =
        assertCleanFailure(
            () -> LlmClient.of(model).complete(SYSTEM, TURNS), "anthropic", status, KEY);
    assertThat(e.getMessage()).contains("invalid x-api-key ****");
  }
}
