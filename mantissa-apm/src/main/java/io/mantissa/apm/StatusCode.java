package io.mantissa.apm;

/** The OTLP span status code ({@code opentelemetry.proto.trace.v1.Status.StatusCode}). */
public enum StatusCode {
  /** Not set by the instrumentation (0). */
  UNSET,
  /** Marked successful (1). */
  OK,
  /** Failed (2). */
  ERROR;

  /** The code with wire number {@code number}, or {@link #UNSET} for an unknown number. */
  static StatusCode ofNumber(long number) {
    return number >= 0 && number < values().length ? values()[(int) number] : UNSET;
  }
}
