package io.mantissa.nlq.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seam between the LLM planner and a chat model: a system prompt and the conversation go in,
 * the model's text comes out, within a deadline. Every failure is a {@link MantissaException}:
 * {@link ErrorCode#REMOTE_FAILURE} for the model's service (HTTP errors, timeouts, empty answers),
 * {@link ErrorCode#INVALID_ARGUMENT} for a request the model cannot take.
 *
 * <pre>{@code
 * ChatModel model = ProviderRegistry.load(LlmProvider.class).get("anthropic")
 *     .create(ProviderContext.of(config, "anthropic"));
 * String json = LlmClient.of(model).completeJson(systemPrompt, List.of(Turn.user(question)), schema);
 * }</pre>
 */
public final class LlmClient {
  /** The deadline of one call when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "mantissa-llm-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private final ChatModel model;
  private final Duration timeout;

  private LlmClient(ChatModel model, Duration timeout) {
    this.model = Objects.requireNonNull(model, "model");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "timeout must be positive");
    }
  }

  /** A client with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
  public static LlmClient of(ChatModel model) {
    return new LlmClient(model, DEFAULT_TIMEOUT);
  }

  /** A client whose calls fail when the model has not answered within {@code timeout}. */
  public static LlmClient of(ChatModel model, Duration timeout) {
    return new LlmClient(model, timeout);
  }

  /** Who speaks in a {@link Turn}. */
  public enum Role {
    /** The analyst (or the planner speaking for them, such as a repair request). */
    USER,
    /** The model, in an earlier answer. */
    ASSISTANT
  }

  /**
   * One message of the conversation.
   *
   * @param role who says it
   * @param text what is said, not blank
   */
  public record Turn(Role role, String text) {
    /** Validates the turn. */
    public Turn {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(text, "text");
      if (text.isBlank()) {
        throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "a turn needs text");
      }
    }

    /** A user turn. */
    public static Turn user(String text) {
      return new Turn(Role.USER, text);
    }

    /** An assistant turn (an earlier answer of the model). */
    public static Turn assistant(String text) {
      return new Turn(Role.ASSISTANT, text);
    }
  }

  /**
   * The model's text answer to the conversation.
   *
   * @param systemPrompt the instructions, sent in the vendor's system slot; may be blank for none
   * @param turns the conversation, ending with a user turn
   */
  public String complete(String systemPrompt, List<Turn> turns) {
    return call(request(systemPrompt, turns, null));
  }

  /**
   * The model's answer as JSON following {@code schema}, using the vendor's structured-output
   * feature (OpenAI and Azure {@code response_format} with a JSON schema, Anthropic {@code
   * output_config}, Gemini {@code responseSchema}, Ollama {@code format}, Mistral {@code
   * response_format}, Bedrock a forced tool). The caller still validates the result: a model can be
   * cut short or a proxy can ignore the option.
   */
  public String completeJson(String systemPrompt, List<Turn> turns, JsonSchema schema) {
    Objects.requireNonNull(schema, "schema");
    return call(
        request(
            systemPrompt,
            turns,
            ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build()));
  }

  private static ChatRequest request(String systemPrompt, List<Turn> turns, ResponseFormat format) {
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    if (turns.isEmpty() || turns.get(turns.size() - 1).role() != Role.USER) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "the conversation must end with a user turn");
    }
    List<ChatMessage> messages = new ArrayList<>();
    if (!systemPrompt.isBlank()) {
      messages.add(SystemMessage.from(systemPrompt));
    }
    for (Turn t : turns) {
      messages.add(t.role() == Role.USER ? UserMessage.from(t.text()) : AiMessage.from(t.text()));
    }
    ChatRequest.Builder b = ChatRequest.builder().messages(messages);
    if (format != null) {
      b.responseFormat(format);
    }
    return b.build();
  }

  private String call(ChatRequest request) {
    Future<ChatResponse> future = CALLS.submit(() -> model.chat(request));
    ChatResponse response;
    try {
      response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, who() + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new MantissaException(ErrorCode.REMOTE_FAILURE, who() + " call was interrupted", e);
    } catch (CancellationException e) {
      throw new MantissaException(ErrorCode.REMOTE_FAILURE, who() + " call was cancelled", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MantissaException m) {
        throw m;
      }
      if (cause instanceof RuntimeException r) {
        throw LlmFailures.map(r, name(), modelName(), List.of());
      }
      throw new MantissaException(ErrorCode.INTERNAL, who() + " failed: " + cause, cause);
    }
    String text =
        response == null || response.aiMessage() == null ? null : response.aiMessage().text();
    if (text == null || text.isBlank()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          who()
              + " answered without text (finish reason: "
              + (response == null ? "none" : response.finishReason())
              + ")");
    }
    return text;
  }

  private String name() {
    return model instanceof GuardedChatModel g
        ? g.providerName()
        : String.valueOf(model.provider());
  }

  private String modelName() {
    String m = model.defaultRequestParameters().modelName();
    return m == null ? "default" : m;
  }

  private String who() {
    return "LLM provider '" + name() + "' (model '" + modelName() + "')";
  }
}
