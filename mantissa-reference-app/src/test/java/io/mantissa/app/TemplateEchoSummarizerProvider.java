package io.mantissa.app;

import io.mantissa.api.Alert;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.AlertSummarizer;
import io.mantissa.spi.enrich.AlertSummarizerProvider;
import io.mantissa.spi.enrich.AlertSummary;
import java.util.Map;
import java.util.Optional;

/**
 * A summarizer provider for the wiring tests, named {@code test-summary}: it stands in for the LLM
 * (which lives in mantissa-nlq) and rewrites the alert's template summary, which it receives
 * redacted, with the prefix from its {@code prefix} setting.
 */
public final class TemplateEchoSummarizerProvider implements AlertSummarizerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public TemplateEchoSummarizerProvider() {}

  @Override
  public String name() {
    return "test-summary";
  }

  @Override
  public AlertSummarizer create(ProviderContext context) {
    String prefix = context.settings().getOrDefault("prefix", "");
    return (Alert alert) -> {
      if (!(alert.enrichment().get("summary_5w1h") instanceof Map<?, ?> template)) {
        return Optional.empty();
      }
      return Optional.of(
          new AlertSummary(
              String.valueOf(template.get("who")),
              String.valueOf(template.get("what")),
              String.valueOf(template.get("when")),
              String.valueOf(template.get("where")),
              String.valueOf(template.get("why")),
              String.valueOf(template.get("how")),
              prefix + template.get("text")));
    };
  }
}
