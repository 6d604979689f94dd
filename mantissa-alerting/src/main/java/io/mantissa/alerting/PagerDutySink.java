package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.EntityType;
import io.mantissa.api.Severity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.util.Objects;

/**
 * Sends alerts to PagerDuty through the Events API v2 ({@code POST /v2/enqueue}). An open alert
 * triggers, an acknowledged one acknowledges and a resolved or false-positive one resolves, all
 * with the {@code dedup_key} {@code mantissa-<alert id>}, so PagerDuty keeps one incident per alert
 * and drops repeated triggers: a retried delivery never opens a second incident.
 *
 * <p>Severity maps critical → {@code critical}, high → {@code error}, medium → {@code warning}, low
 * and informational → {@code info}. The integration (routing) key is a {@link Secret}.
 */
public final class PagerDutySink extends HttpSink {
  /** The Events API v2 endpoint. */
  public static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  private static final int SUMMARY_MAX = 1024;

  private final java.net.URI url;
  private final Secret routingKey;
  private final String clientUrl;

  private PagerDutySink(Builder b) {
    super(b);
    HttpSinkBuilder.require(b.routingKey, "a routing key", b.name);
    this.url = b.url;
    this.routingKey = b.routingKey;
    this.clientUrl = b.clientUrl;
  }

  /** A builder; the routing key is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    return http.postJson(url, event(alert), r -> Json.read(r.body()).path("dedup_key").asText(""));
  }

  /** The dedup key PagerDuty groups an alert's events under. */
  static String dedupKey(Alert alert) {
    return AlertText.reference(alert);
  }

  ObjectNode event(Alert a) {
    ObjectNode e = Json.object();
    e.put("routing_key", routingKey.reveal());
    e.put("event_action", action(a.status()));
    e.put("dedup_key", dedupKey(a));
    if (a.status() != AlertStatus.OPEN) {
      return e;
    }
    ObjectNode payload = e.putObject("payload");
    payload.put("summary", AlertText.truncate(a.title(), SUMMARY_MAX));
    payload.put(
        "source",
        AlertText.first(a, EntityType.HOST)
            .or(() -> AlertText.first(a, EntityType.IP))
            .or(() -> AlertText.first(a, EntityType.SERVICE))
            .orElse("mantissa"));
    payload.put("severity", severity(a.severity()));
    payload.put("timestamp", a.time().toString());
    AlertText.first(a, EntityType.SERVICE).ifPresent(s -> payload.put("component", s));
    payload.put("group", a.ruleId());
    payload.put("class", a.attackTags().isEmpty() ? a.ruleId() : a.attackTags().get(0));
    ObjectNode details = payload.putObject("custom_details");
    details.put("alert_id", a.id());
    details.put("rule_id", a.ruleId());
    details.put("mantissa_severity", a.severity().lowerCaseName());
    var entities = details.putArray("entities");
    a.entities().forEach(en -> entities.add(AlertText.entity(en)));
    var tags = details.putArray("attack_tags");
    a.attackTags().forEach(tags::add);
    var events = details.putArray("event_ids");
    a.eventIds().forEach(events::add);
    if (!a.enrichment().isEmpty()) {
      ObjectNode enrichment = details.putObject("enrichment");
      a.enrichment().forEach((k, v) -> enrichment.set(k, Json.value(v)));
    }
    e.put("client", "Mantissa Log");
    if (clientUrl != null) {
      e.put("client_url", clientUrl.replace("{id}", a.id()));
    }
    return e;
  }

  static String action(AlertStatus status) {
    return switch (status) {
      case OPEN -> "trigger";
      case ACKNOWLEDGED -> "acknowledge";
      case RESOLVED, FALSE_POSITIVE -> "resolve";
    };
  }

  static String severity(Severity s) {
    return switch (s) {
      case CRITICAL -> "critical";
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFORMATIONAL -> "info";
    };
  }

  @Override
  public String toString() {
    return "PagerDutySink[" + name + " -> " + url.getHost() + "]";
  }

  /** Builds {@link PagerDutySink}s. */
  public static final class Builder extends HttpSinkBuilder<Builder> {
    private Secret routingKey;
    private String clientUrl;

    private Builder() {
      super("pagerduty");
    }

    /** The integration's routing key. */
    public Builder routingKey(Secret key) {
      this.routingKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** A link back to the alert; {@code {id}} is replaced by the alert id. */
    public Builder clientUrl(String url) {
      this.clientUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the sink. */
    public PagerDutySink build() {
      if (url == null) {
        url(EVENTS_URL);
      }
      return new PagerDutySink(this);
    }
  }
}
