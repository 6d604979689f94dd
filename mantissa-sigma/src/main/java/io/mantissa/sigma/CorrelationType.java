package io.mantissa.sigma;

/** The kinds of correlation rules. */
public enum CorrelationType {
  /** Counts matching events per group in the timespan. */
  EVENT_COUNT,
  /** Counts distinct values of a field per group in the timespan. */
  VALUE_COUNT,
  /** All referenced rules match within the timespan, in any order. */
  TEMPORAL,
  /** All referenced rules match within the timespan, in the order listed. */
  TEMPORAL_ORDERED
}
