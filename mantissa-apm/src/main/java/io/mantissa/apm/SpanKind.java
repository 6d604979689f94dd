package io.mantissa.apm;

/** The OTLP span kind ({@code opentelemetry.proto.trace.v1.Span.SpanKind}), in wire order. */
public enum SpanKind {
  /** Not given (0). */
  UNSPECIFIED,
  /** An internal operation (1). */
  INTERNAL,
  /** The server side of a request (2). */
  SERVER,
  /** The client side of a request (3). */
  CLIENT,
  /** A producer of a message (4). */
  PRODUCER,
  /** A consumer of a message (5). */
  CONSUMER;

  /** The kind with wire number {@code number}, or {@link #UNSPECIFIED} for an unknown number. */
  static SpanKind ofNumber(long number) {
    return number >= 0 && number < values().length ? values()[(int) number] : UNSPECIFIED;
  }
}
