package io.mantissa.nlq.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the provider tests share: the conversation sent, the answer served, the registry. */
final class LlmFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The instant every test's clock stands at (it shows up in SigV4 dates). */
  static final Instant NOW = Instant.parse("2026-03-15T10:15:30Z");

  static final String SYSTEM =
      "You translate security questions into SQL over the table cloudtrail(time, user_name)."
          + " Answer only with a JSON object with the keys sql and explanation.";
  static final String QUESTION = "When was the last time root was used?";
  static final String ANSWER =
      "{\"sql\":\"SELECT max(time) FROM cloudtrail WHERE user_name = 'root'\","
          + "\"explanation\":\"The latest event of the root identity.\"}";
  static final List<LlmClient.Turn> TURNS = List.of(LlmClient.Turn.user(QUESTION));

  private LlmFixtures() {}

  /** A chat model made by the named provider, found through the ServiceLoader registry. */
  static ChatModel model(String provider, Map<String, String> settings) {
    MantissaConfig.Builder config = MantissaConfig.builder();
    settings.forEach((k, v) -> config.providerSetting(provider, k, v));
    MantissaConfig built = config.build();
    return ProviderRegistry.load(LlmProvider.class)
        .get(provider)
        .create(
            new ProviderContext(
                built, Clock.fixed(NOW, ZoneOffset.UTC), built.providerSettings(provider)));
  }

  /** The schema asked for in structured-output tests. */
  static JsonSchema schema() {
    return JsonSchema.builder()
        .name("query_plan")
        .rootElement(
            JsonObjectSchema.builder()
                .addStringProperty("sql", "one read-only SELECT statement")
                .addStringProperty("explanation", "the answer in plain English")
                .required("sql", "explanation")
                .build())
        .build();
  }

  /** {@code text} as a JSON string literal, quotes included. */
  static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The parsed body of a request the server received. */
  static JsonNode body(LoggedRequest request) {
    try {
      return JSON.readTree(request.getBodyAsString());
    } catch (JsonProcessingException e) {
      throw new AssertionError("request body is not JSON: " + request.getBodyAsString(), e);
    }
  }

  /**
   * The text of a chat-completions message {@code content}: a string, or (as Mistral sends it) an
   * array of {@code {"type": "text", "text": ...}} chunks.
   */
  static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode chunk : content) {
      assertThat(chunk.path("type").asText()).isEqualTo("text");
      out.append(chunk.path("text").asText());
    }
    return out.toString();
  }

  /**
   * Runs a call that must fail on an HTTP {@code status} and checks the exception: a {@link
   * MantissaException} naming the provider and status, keeping the vendor error as its cause, with
   * no trace of {@code secret} in its message, its causes or its stack trace.
   */
  static MantissaException assertCleanFailure(
      ThrowingCallable call, String provider, int status, String secret) {
    MantissaException e = catchThrowableOfType(MantissaException.class, call);
    assertThat(e).as("a MantissaException for HTTP " + status).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_FAILURE);
    assertThat(e.getMessage())
        .contains("'" + provider + "'")
        .contains("HTTP " + status)
        .contains(
            switch (status) {
              case 401 -> "rejected the credentials";
              case 429 -> "rate limit";
              default -> "server error";
            });
    assertThat(e.getCause()).as("the masked vendor error is kept as the cause").isNotNull();
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(secret);
    return e;
  }
}
