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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ollama provider against a loopback server speaking Ollama's {@code /api/chat}. */
class OllamaProviderIT {
  private static final String PATH = "/api/chat";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  private ChatModel model(Map<String, String> extra) {
    Map<String, String> settings =
        new java.util.HashMap<>(
            Map.of(
                "model", "llama3.1:8b",
                "base-url", server.loopbackUrl(""),
                "max-retries", "0",
                "num-ctx", "8192",
                "max-tokens", "512"));
    settings.putAll(extra);
    return LlmFixtures.model("ollama", settings);
  }

  private void answer(String text) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"model": "llama3.1:8b", "created_at": "2026-03-15T10:15:31.112Z",
                         "message": {"role": "assistant", "content": %s},
                         "done": true, "done_reason": "stop", "total_duration": 4883583458,
                         "load_duration": 1334875, "prompt_eval_count": 61,
                         "prompt_eval_duration": 342546000, "eval_count": 38,
                         "eval_duration": 4535599000}
                        """
                            .formatted(quoted(text)))));
  }

  private LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void sendsSystemAndUserMessagesWithoutAuthenticationAndReturnsTheAnswer() {
    answer(ANSWER);

    String text = LlmClient.of(model(Map.of())).complete(SYSTEM, TURNS);

    assertThat(text).isEqualTo(ANSWER);
    LoggedRequest request = onlyRequest();
    assertThat(request.containsHeader("Authorization")).isFalse();
    JsonNode body = body(request);
    assertThat(body.path("model").asText()).isEqualTo("llama3.1:8b");
    assertThat(body.path("stream").asBoolean(true)).isFalse();
    assertThat(body.path("messages")).hasSize(2);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(SYSTEM);
    assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo(QUESTION);
    assertThat(body.path("options").path("num_ctx").asInt()).isEqualTo(8192);
    assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(512);
    assertThat(body.has("format")).isFalse();
  }

  @Test
  void asksForJsonWithTheSchemaAsFormat() {
    answer(ANSWER);

    String text = LlmClient.of(model(Map.of())).completeJson(SYSTEM, TURNS, LlmFixtures.schema());

    assertThat(text).isEqualTo(ANSWER);
    JsonNode format = body(onlyRequest()).path("format");
    assertThat(format.path("type").asText()).isEqualTo("object");
    assertThat(format.path("properties").has("sql")).isTrue();
  }

  @Test
  void sendsABearerTokenOnlyWhenOneIsSet() {
    answer(ANSWER);

    LlmClient.of(model(Map.of("api-key", "proxy-token-123"))).complete(SYSTEM, TURNS);

    assertThat(onlyRequest().getHeader("Authorization")).isEqualTo("Bearer proxy-token-123");
  }

  @Test
  void aServerSlowerThanTheTimeoutIsAClearFailure() {
    server.stubFor(
        post(urlEqualTo(PATH)).willReturn(aResponse().withFixedDelay(1_500).withBody("{}")));
    ChatModel model = model(Map.of("timeout", "200ms"));

    MantissaException e =
        catchThrowableOfType(
            MantissaException.class, () -> LlmClient.of(model).complete(SYSTEM, TURNS));

    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_FAILURE);
    assertThat(e.getMessage())
        .contains("'ollama'")
        .contains("did not answer in time")
        .contains("mantissa.providers.ollama.timeout");
  }

  @Test
  void aServerThatIsNotThereIsAClearFailure() {
    ChatModel model = model(Map.of());
    server.stop();

    MantissaException e =
        catchThrowableOfType(
            MantissaException.class, () -> LlmClient.of(model).complete(SYSTEM, TURNS));

    assertThat(e.getMessage()).contains("could not be reached").contains("base-url");
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 429, 500})
  void anHttpErrorIsAMantissaException(int status) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": \"model 'llama3.1:8b' is overloaded (proxy-token-123)\"}")));
    ChatModel model = model(Map.of("api-key", "proxy-token-123"));

    var e =
        assertCleanFailure(
            () -> LlmClient.of(model).complete(SYSTEM, TURNS), "ollama", status, "proxy-token-123");
    assertThat(e.getMessage()).contains("model 'llama3.1:8b' is overloaded (****)");
  }
}
