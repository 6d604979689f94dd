/** The alert pipeline: dedup, enrichment, redaction, routing, sinks and the outbox. */
package io.mantissa.alerting;
