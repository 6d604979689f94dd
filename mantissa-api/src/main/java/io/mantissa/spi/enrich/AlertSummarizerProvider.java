package io.mantissa.spi.enrich;

import io.mantissa.spi.Provider;

/**
 * Creates {@link AlertSummarizer}s; registered under a name such as {@code "llm"} and configured
 * from {@code mantissa.providers.<name>.<key>}.
 */
public interface AlertSummarizerProvider extends Provider<AlertSummarizer> {}
