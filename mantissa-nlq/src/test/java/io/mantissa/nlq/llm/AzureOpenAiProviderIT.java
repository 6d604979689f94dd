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

/** The azure-openai provider against a loopback server speaking the Azure OpenAI data-plane API. */
class AzureOpenAiProviderIT {
  private static final String KEY = "b6e1c0ffee0123456789abcdef012345";
  private static final String PATH =
      "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  private ChatModel model() {
    return LlmFixtures.model(
        "azure-openai",
        Map.of(
            "api-key",
            KEY,
            "endpoint",
            server.loopbackUrl("/"),
            "deployment",
            "gpt4o-prod",
            "max-retries",
            "0"));
  }

  private void answer(String text) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id": "chatcmpl-9Yq7", "object": "chat.completion", "created": 1773569730,
                         "model": "gpt4o-prod",
                         "choices": [{"index": 0, "finish_reason": "stop",
                           "message": {"role": "assistant", "content": %s}}],
                         "usage": {"prompt_tokens": 61, "completion_tokens": 38, "total_tokens": 99}}
                        """
                            .formatted(quoted(text)))));
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void sendsSystemAndUserMessagesAndReturnsTheAnswer() {
    answer(ANSWER);

    String text = LlmClient.of(model()).complete(SYSTEM, TURNS);

    assertThat(text).isEqualTo(ANSWER);
    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("api-key")).isEqualTo(KEY);
    assertThat(request.containsHeader("Authorization")).isFalse();
    assertThat(request.queryParameter("api-version").firstValue()).isEqualTo("2024-10-21");
    JsonNode body = body(request);
    assertThat(body.path("model").asText()).isEqualTo("gpt4o-prod");
    assertThat(body.path("messages")).hasSize(2);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(LlmFixtures.text(body.path("messages").get(0).path("content"))).isEqualTo(SYSTEM);
    assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
    assertThat(LlmFixtures.text(body.path("messages").get(1).path("content"))).isEqualTo(QUESTION);
    assertThat(body.has("response_format")).isFalse();
  }

  @Test
  void asksForStructuredOutputWithTheSchema() {
    answer(ANSWER);

    String text = LlmClient.of(model()).completeJson(SYSTEM, TURNS, LlmFixtures.schema());

    assertThat(text).isEqualTo(ANSWER);
    JsonNode format = body(onlyRequest()).path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("query_plan");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(format.path("json_schema").path("schema").path("properties").has("sql")).isTrue();
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
                        {"error": {"code": "401", "message": "Access denied due to invalid subscription key %s."}}
                        """
                            .formatted(KEY))));
    ChatModel model = model();

    var e =
        assertCleanFailure(
            () -> LlmClient.of(model).complete(SYSTEM, TURNS), "azure-openai", status, KEY);
    assertThat(e.getMessage()).contains("****");
  }
}
