package io.mantissa.spi.enrich;

import io.mantissa.api.Alert;
import java.util.Optional;

/**
 * Writes the 5W1H summary of a new alert, typically with an LLM (implemented where the LLM lives,
 * so that alerting does not depend on it). The alert it gets is already enriched and redacted: it
 * may go to an external model.
 */
public interface AlertSummarizer {

  /**
   * The summary of {@code alert}, or empty when no summary can be written now (model unavailable,
   * over budget, answer unusable); the caller then uses its deterministic template.
   */
  Optional<AlertSummary> summarize(Alert alert);
}
