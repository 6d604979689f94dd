package io.mantissa.nlq.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.nlq.llm.LlmClient.Turn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link LlmClient} over a hand-written chat model. */
class LlmClientTest {

  /** A chat model that records requests and answers with a function of the request. */
  private static final class ScriptedModel implements ChatModel {
    final List<ChatRequest> requests = new ArrayList<>();
    final Function<ChatRequest, ChatResponse> answer;

    ScriptedModel(Function<ChatRequest, ChatResponse> answer) {
      this.answer = answer;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      requests.add(request);
      return answer.apply(request);
    }
  }

  private static ChatResponse text(String text) {
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
  }

  @Test
  void sendsTheSystemPromptThenTheTurnsInOrder() {
    ScriptedModel model = new ScriptedModel(r -> text("{\"sql\":\"SELECT 1\"}"));

    String answer =
        LlmClient.of(model)
            .complete(
                "be precise",
                List.of(
                    Turn.user("failed logins this week"),
                    Turn.assistant("{\"sql\":\"SELECT 0\"}"),
                    Turn.user("the SQL failed: unknown column; fix it")));

    assertThat(answer).isEqualTo("{\"sql\":\"SELECT 1\"}");
    List<ChatMessage> sent = model.requests.get(0).messages();
    assertThat(sent).hasSize(4);
    assertThat(((SystemMessage) sent.get(0)).text()).isEqualTo("be precise");
    assertThat(((UserMessage) sent.get(1)).singleText()).isEqualTo("failed logins this week");
    assertThat(((AiMessage) sent.get(2)).text()).isEqualTo("{\"sql\":\"SELECT 0\"}");
    assertThat(((UserMessage) sent.get(3)).singleText()).contains("unknown column");
    assertThat(model.requests.get(0).responseFormat()).isNull();
  }

  @Test
  void aBlankSystemPromptSendsNoSystemMessage() {
    ScriptedModel model = new ScriptedModel(r -> text("ok"));

    LlmClient.of(model).complete(" ", List.of(Turn.user("hi")));

    assertThat(model.requests.get(0).messages()).hasSize(1);
  }

  @Test
  void completeJsonAsksForTheSchema() {
    ScriptedModel model = new ScriptedModel(r -> text("{}"));

    LlmClient.of(model).completeJson("s", List.of(Turn.user("q")), LlmFixtures.schema());

    var format = model.requests.get(0).responseFormat();
    assertThat(format.type()).isEqualTo(ResponseFormatType.JSON);
    assertThat(format.jsonSchema().name()).isEqualTo("query_plan");
  }

  @Test
  void theConversationMustEndWithTheUser() {
    LlmClient client = LlmClient.of(new ScriptedModel(r -> text("x")));

    assertThatThrownBy(() -> client.complete("s", List.of()))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("end with a user turn");
    assertThatThrownBy(() -> client.complete("s", List.of(Turn.assistant("a"))))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("end with a user turn");
    assertThatThrownBy(() -> Turn.user(" ")).isInstanceOf(MantissaException.class);
  }

  @Test
  void aModelThatDoesNotAnswerInTimeFailsWithoutWaitingForIt() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ChatModel hanging =
        new ScriptedModel(
            r -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return text("too late");
            });

    MantissaException e =
        catchThrowableOfType(
            MantissaException.class,
            () ->
                LlmClient.of(hanging, Duration.ofMillis(50))
                    .complete("s", List.of(Turn.user("q"))));

    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_FAILURE);
    assertThat(e.getMessage()).contains("did not answer within PT0.05S");
    interrupted.await(); // the call was cancelled, not left running
  }

  @Test
  void anEmptyAnswerIsAFailure() {
    LlmClient client =
        LlmClient.of(
            new ScriptedModel(r -> ChatResponse.builder().aiMessage(AiMessage.from("")).build()));

    assertThatThrownBy(() -> client.complete("s", List.of(Turn.user("q"))))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("answered without text");
  }

  @Test
  void aLangChain4jFailureOfAnUnguardedModelBecomesAMantissaException() {
    LlmClient client =
        LlmClient.of(
            new ScriptedModel(
                r -> {
                  throw new RateLimitException(
                      new dev.langchain4j.exception.HttpException(
                          429, "{\"error\":\"slow down\"}"));
                }));

    MantissaException e =
        catchThrowableOfType(
            MantissaException.class, () -> client.complete("s", List.of(Turn.user("q"))));

    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_FAILURE);
    assertThat(e.getMessage()).contains("HTTP 429").contains("slow down");
  }

  @Test
  void aMantissaExceptionFromTheModelPassesThroughUnchanged() {
    MantissaException original = new MantissaException(ErrorCode.REMOTE_FAILURE, "as is");
    LlmClient client =
        LlmClient.of(
            new ScriptedModel(
                r -> {
                  throw original;
                }));

    assertThatThrownBy(() -> client.complete("s", List.of(Turn.user("q")))).isSameAs(original);
  }
}
