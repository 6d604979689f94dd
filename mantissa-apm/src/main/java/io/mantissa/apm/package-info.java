/**
 * APM over OTLP: the span and metric data point model ({@link io.mantissa.apm.Span}, {@link
 * io.mantissa.apm.MetricPoint}), decoding of OTLP/JSON ({@link io.mantissa.apm.OtlpJson}) and
 * OTLP/protobuf ({@link io.mantissa.apm.OtlpProtobuf}) export requests, and the lake sources {@code
 * otel_traces} and {@code otel_metrics} ({@link io.mantissa.apm.OtlpTraceParserProvider}, {@link
 * io.mantissa.apm.OtlpMetricParserProvider}), where each span and each data point is one event.
 */
package io.mantissa.apm;
