/** APM over OTLP: spans, metrics, service maps, trace waterfalls and APM rules. */
package io.mantissa.apm;
