package io.mantissa.nlq.llm;

import dev.langchain4j.model.chat.ChatModel;
import io.mantissa.spi.Provider;

/**
 * Creates a LangChain4j {@link ChatModel} for one LLM vendor, configured from the provider's
 * settings ({@code mantissa.providers.<name>.<key>} in {@code mantissa.yaml}, or {@code
 * MANTISSA_PROVIDERS_<NAME>__<KEY>} environment variables). Find one by name with {@code
 * ProviderRegistry.load(LlmProvider.class).get("anthropic")}.
 *
 * <p>The models returned never log or print their API keys, and every failure of a call (HTTP
 * error, timeout, unreachable server) is a {@link io.mantissa.api.MantissaException} naming the
 * provider. A missing or malformed setting fails {@link #create} with {@link
 * io.mantissa.api.ErrorCode#CONFIG_INVALID}, naming the full key.
 */
public interface LlmProvider extends Provider<ChatModel> {}
