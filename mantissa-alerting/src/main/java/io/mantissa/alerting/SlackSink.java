package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Posts alerts to Slack through an incoming webhook as a Block Kit message: a header with the
 * title, a section with severity, status, rule and time, the entities, and a context line with the
 * alert id and ATT&amp;CK tags; {@code text} carries the notification fallback. The webhook URL is
 * itself a credential: it is held as a {@link Secret} and never logged.
 *
 * <p>Slack answers {@code 200 ok}; {@code 400 invalid_payload}, {@code 403}, {@code 404} and {@code
 * 410 channel_is_archived} are permanent; {@code 429} is retried after its Retry-After. Incoming
 * webhooks have no idempotency key, so a retry after a lost answer may post twice.
 */
public final class SlackSink implements AlertSink {
  private static final int HEADER_MAX = 150;
  private static final int TEXT_MAX = 3000;

  private final String name;
  private final Secret webhookUrl;
  private final HttpDelivery http;

  private SlackSink(Builder b) {
    if (b.webhookUrl != null) {
      b.url = URI.create(b.webhookUrl.reveal());
    }
    this.http = b.delivery();
    this.name = b.name;
    this.webhookUrl = Secret.of(b.url.toString());
  }

  /** A builder; the webhook URL is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    String json = Json.write(message(alert));
    return http.send(
        name,
        "POST",
        URI.create(webhookUrl.reveal()),
        Map.of("Content-Type", "application/json"),
        json,
        r -> "");
  }

  /** The Block Kit message for an alert. */
  static ObjectNode message(Alert a) {
    ObjectNode msg = Json.object();
    msg.put("text", AlertText.truncate(escape(AlertText.summary(a)), TEXT_MAX));
    ArrayNode blocks = msg.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", AlertText.truncate(AlertText.summary(a), HEADER_MAX))
        .put("emoji", true);
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    field(fields, "Severity", AlertText.severity(a));
    field(fields, "Status", AlertText.status(a));
    field(fields, "Rule", "`" + escape(a.ruleId()) + "`");
    field(fields, "Time", a.time().toString());
    if (!a.entities().isEmpty()) {
      StringBuilder sb = new StringBuilder("*Entities*");
      for (Entity e : a.entities()) {
        sb.append("\n• ").append(escape(AlertText.entity(e)));
      }
      blocks
          .addObject()
          .put("type", "section")
          .putObject("text")
          .put("type", "mrkdwn")
          .put("text", AlertText.truncate(sb.toString(), TEXT_MAX));
    }
    StringBuilder context = new StringBuilder("Alert `" + escape(a.id()) + "`");
    if (!a.attackTags().isEmpty()) {
      context.append(" · ATT&amp;CK: ").append(escape(String.join(", ", a.attackTags())));
    }
    context.append(" · Mantissa Log");
    ObjectNode ctx = blocks.addObject().put("type", "context");
    ctx.putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", AlertText.truncate(context.toString(), TEXT_MAX));
    return msg;
  }

  private static void field(ArrayNode fields, String label, String value) {
    fields
        .addObject()
        .put("type", "mrkdwn")
        .put("text", AlertText.truncate("*" + label + "*\n" + escape(value), 2000));
  }

  /** Slack's three control characters in mrkdwn. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public String toString() {
    return "SlackSink[" + name + "]";
  }

  /** Builds {@link SlackSink}s. */
  public static final class Builder extends HttpSinkBuilder<Builder> {
    private Secret webhookUrl;

    private Builder() {
      super("slack");
    }

    /** The incoming-webhook URL, a credential. */
    public Builder webhookUrl(Secret url) {
      this.webhookUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the sink. */
    public SlackSink build() {
      return new SlackSink(this);
    }

    @Override
    public String toString() {
      return "SlackSink.Builder[" + name + "]";
    }
  }
}
