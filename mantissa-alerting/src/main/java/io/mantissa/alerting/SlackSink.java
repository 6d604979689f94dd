package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Posts alerts to Slack, through an incoming webhook or the Web API method {@code chat.postMessage}
 * with a bot token, as a Block Kit message: a header with the title, a section with severity,
 * status, rule and time, the entities, and a context line with the alert id and ATT&amp;CK tags;
 * {@code text} carries the notification fallback. The webhook URL is itself a credential: it is
 * held as a {@link Secret} and never logged.
 *
 * <p>Slack answers {@code 200 ok}; {@code 400 invalid_payload}, {@code 403}, {@code 404} and {@code
 * 410 channel_is_archived} are permanent; {@code 429} is retried after its Retry-After. Incoming
 * webhooks have no idempotency key, so a retry after a lost answer may post twice.
 */
public final class SlackSink extends HttpSink {
  private static final int HEADER_MAX = 150;
  private static final int TEXT_MAX = 3000;

  /** The Web API method used with a bot token. */
  public static final String POST_MESSAGE_URL = "https://slack.com/api/chat.postMessage";

  private static final Set<String> RETRYABLE_ERRORS =
      Set.of(
          "ratelimited", "fatal_error", "internal_error", "service_unavailable", "request_timeout");

  private final Secret url;
  private final Secret botToken;
  private final String channel;

  private SlackSink(Builder b) {
    super(b);
    this.url = Secret.of(b.url.toString());
    this.botToken = b.botToken;
    this.channel = b.channel;
  }

  /** A builder; the webhook URL is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    ObjectNode message = message(alert);
    if (botToken == null) {
      return http.postJson(URI.create(url.reveal()), message, r -> "");
    }
    ObjectNode body = Json.object().put("channel", channel);
    body.setAll(message);
    return http.sendChecked(
        "POST",
        URI.create(url.reveal()),
        Map.of(
            "Content-Type",
            "application/json; charset=utf-8",
            "Authorization",
            "Bearer " + botToken.reveal()),
        Json.write(body),
        SlackSink::webApiResult);
  }

  /** Slack's Web API answers 200 with {@code "ok": false} and an error code on failure. */
  static DeliveryResult webApiResult(java.net.http.HttpResponse<String> response) {
    com.fasterxml.jackson.databind.JsonNode n = Json.read(response.body());
    if (n.path("ok").asBoolean(false)) {
      return new DeliveryResult.Delivered(n.path("ts").asText(""));
    }
    String error = n.path("error").asText("unknown_error");
    return RETRYABLE_ERRORS.contains(error)
        ? new DeliveryResult.RetryableFailure("Slack error " + error, Optional.empty())
        : new DeliveryResult.PermanentFailure("Slack error " + error);
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
    private Secret botToken;
    private String channel;

    private Builder() {
      super("slack");
    }

    /**
     * Posts through the Web API method {@code chat.postMessage} with a bot token ({@code xoxb-})
     * instead of an incoming webhook; needs {@link #channel}. {@link #url} overrides the endpoint.
     */
    public Builder botToken(Secret token) {
      this.botToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** The channel id (or name) for {@code chat.postMessage}. */
    public Builder channel(String channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    /** The incoming-webhook URL, a credential. */
    public Builder webhookUrl(Secret url) {
      this.webhookUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the sink. */
    public SlackSink build() {
      if (botToken != null) {
        require(channel, "a channel for chat.postMessage", name);
        if (url == null) {
          url(POST_MESSAGE_URL);
        }
      } else if (webhookUrl != null) {
        url = URI.create(webhookUrl.reveal());
      }
      return new SlackSink(this);
    }
  }
}
