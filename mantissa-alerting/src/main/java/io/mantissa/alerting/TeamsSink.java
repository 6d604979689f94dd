package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.net.URI;
import java.util.Objects;

/**
 * Posts alerts to Microsoft Teams as an Adaptive Card (schema 1.4) through a webhook: a Teams
 * Workflows ("Post to a channel when a webhook request is received") URL or a legacy incoming
 * webhook. The body is a {@code message} with one {@code application/vnd.microsoft.card.adaptive}
 * attachment holding a title, a fact set (severity, status, rule, time, alert id), the entities
 * and, when a link is configured, an {@code Action.OpenUrl}. The webhook URL is a credential.
 *
 * <p>Workflows answer {@code 202}, legacy webhooks {@code 200}; Teams has no idempotency key.
 */
public final class TeamsSink extends HttpSink {
  private static final int TEXT_MAX = 2000;

  private final Secret webhookUrl;
  private final String alertUrl;

  private TeamsSink(Builder b) {
    super(b);
    this.webhookUrl = Secret.of(b.url.toString());
    this.alertUrl = b.alertUrl;
  }

  /** A builder; the webhook URL is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    return http.postJson(URI.create(webhookUrl.reveal()), message(alert), r -> "");
  }

  ObjectNode message(Alert a) {
    ObjectNode msg = Json.object();
    msg.put("type", "message");
    ObjectNode attachment = msg.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", AlertText.truncate(AlertText.summary(a), TEXT_MAX))
        .put("size", "Large")
        .put("weight", "Bolder")
        .put("color", color(a.severity()))
        .put("wrap", true);
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Severity", AlertText.severity(a));
    fact(facts, "Status", AlertText.status(a));
    fact(facts, "Rule", a.ruleId());
    fact(facts, "Time", a.time().toString());
    fact(facts, "Alert", a.id());
    if (!a.attackTags().isEmpty()) {
      fact(facts, "ATT&CK", String.join(", ", a.attackTags()));
    }
    if (!a.entities().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Entity e : a.entities()) {
        sb.append(sb.length() == 0 ? "" : "\n").append("- ").append(AlertText.entity(e));
      }
      body.addObject()
          .put("type", "TextBlock")
          .put("text", AlertText.truncate(sb.toString(), TEXT_MAX))
          .put("wrap", true);
    }
    if (alertUrl != null) {
      card.putArray("actions")
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", "Open in Mantissa")
          .put("url", alertUrl.replace("{id}", a.id()));
    }
    return msg;
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", AlertText.truncate(value, TEXT_MAX));
  }

  static String color(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "Attention";
      case MEDIUM -> "Warning";
      case LOW, INFORMATIONAL -> "Default";
    };
  }

  @Override
  public String toString() {
    return "TeamsSink[" + name + "]";
  }

  /** Builds {@link TeamsSink}s. */
  public static final class Builder extends HttpSinkBuilder<Builder> {
    private Secret webhookUrl;
    private String alertUrl;

    private Builder() {
      super("teams");
    }

    /** The webhook URL, a credential. */
    public Builder webhookUrl(Secret url) {
      this.webhookUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** A link to the alert for the card's button; {@code {id}} is replaced by the alert id. */
    public Builder alertUrl(String url) {
      this.alertUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the sink. */
    public TeamsSink build() {
      if (webhookUrl != null) {
        url = URI.create(webhookUrl.reveal());
      }
      return new TeamsSink(this);
    }
  }
}
