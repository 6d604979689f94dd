package io.mantissa.nlq.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.mantissa.api.config.Secret;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A provider's chat model as handed out: every call goes to the vendor model, and every failure
 * comes back as a {@link io.mantissa.api.MantissaException} from {@link LlmFailures}. Its {@link
 * #toString()} shows the provider and model, never a key.
 */
final class GuardedChatModel implements ChatModel {
  private final ChatModel delegate;
  private final String provider;
  private final String model;
  private final List<Secret> secrets;

  GuardedChatModel(ChatModel delegate, String provider, String model, List<Secret> secrets) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.model = Objects.requireNonNull(model, "model");
    this.secrets = List.copyOf(secrets);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    try {
      return delegate.chat(request);
    } catch (RuntimeException e) {
      throw LlmFailures.map(e, provider, model, secrets);
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  /** The provider name, such as {@code "anthropic"}. */
  String providerName() {
    return provider;
  }

  @Override
  public String toString() {
    return "ChatModel[provider=" + provider + ", model=" + model + "]";
  }
}
