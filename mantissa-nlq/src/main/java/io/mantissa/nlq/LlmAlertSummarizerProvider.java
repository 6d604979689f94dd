package io.mantissa.nlq;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.nlq.llm.LlmClient;
import io.mantissa.nlq.llm.LlmProvider;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.AlertSummarizer;
import io.mantissa.spi.enrich.AlertSummarizerProvider;

/**
 * The LLM alert summarizer, named {@code llm-summary}: {@code mantissa.providers.llm-summary.llm}
 * names the LLM provider, whose own settings are under its name (see docs/llm-providers.md).
 */
public final class LlmAlertSummarizerProvider implements AlertSummarizerProvider {
  /** The provider's name. */
  public static final String NAME = "llm-summary";

  /** For {@link java.util.ServiceLoader}. */
  public LlmAlertSummarizerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AlertSummarizer create(ProviderContext context) {
    String llm = context.settings().get("llm");
    if (llm == null || llm.isBlank()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers." + NAME + ".llm must name an LLM provider (anthropic, openai, …)");
    }
    LlmProvider provider = ProviderRegistry.load(LlmProvider.class).get(llm.trim());
    return new LlmAlertSummarizer(
        LlmClient.of(
            provider.create(
                new ProviderContext(
                    context.config(),
                    context.clock(),
                    context.config().providerSettings(llm.trim())))));
  }
}
