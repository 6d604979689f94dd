/**
 * The alert pipeline: detections become alerts ({@link io.mantissa.alerting.AlertPipeline}) with
 * entity-aware dedup, grouping, suppressions, status and escalation kept in a {@link
 * io.mantissa.spi.state.StateStore}; enrichment at alert time ({@link
 * io.mantissa.alerting.AlertEnricher}); redaction per destination ({@link
 * io.mantissa.alerting.Redactor}); at-least-once delivery through an outbox ({@link
 * io.mantissa.alerting.Outbox}) to the sinks: webhook, Slack, PagerDuty, Microsoft Teams, Jira,
 * ServiceNow and e-mail.
 */
package io.mantissa.alerting;
