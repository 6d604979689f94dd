package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts each alert as JSON to a URL, signed with HMAC-SHA256.
 *
 * <p>Request: {@code POST}, {@code Content-Type: application/json}, body {@code {"type":
 * "mantissa.alert", "version": 1, "alert": {...}}} with the alert in snake_case. Headers:
 *
 * <ul>
 *   <li>{@code Idempotency-Key}: the same for every retry of one delivery; receivers drop repeats
 *   <li>{@code X-Mantissa-Timestamp}: Unix seconds when the request was signed
 *   <li>{@code X-Mantissa-Signature}: {@code v1=} and the lower-case hex HMAC-SHA256, keyed with
 *       the shared secret, of {@code timestamp + "." + body}. Receivers recompute it, compare in
 *       constant time and reject old timestamps to stop replays.
 * </ul>
 */
public final class WebhookSink extends HttpSink {
  /** The idempotency header. */
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Mantissa-Signature";

  /** The timestamp header. */
  public static final String TIMESTAMP_HEADER = "X-Mantissa-Timestamp";

  private final java.net.URI url;
  private final Secret secret;
  private final java.time.Clock clock;

  private WebhookSink(Builder b) {
    super(b);
    HttpSinkBuilder.require(b.secret, "a signing secret", b.name);
    this.url = b.url;
    this.secret = b.secret;
    this.clock = b.clock;
  }

  /** A builder; the URL and the signing secret are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    ObjectNode body = Json.object();
    body.put("type", "mantissa.alert");
    body.put("version", 1);
    body.set("alert", Json.alert(alert));
    String json = Json.write(body);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put(IDEMPOTENCY_HEADER, idempotencyKey);
    headers.put(TIMESTAMP_HEADER, timestamp);
    headers.put(SIGNATURE_HEADER, "v1=" + sign(secret, timestamp + "." + json));
    return http.send("POST", url, headers, json, r -> "");
  }

  /** The lower-case hex HMAC-SHA256 of {@code payload} keyed with {@code secret}. */
  public static String sign(Secret secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSink[" + name + " -> " + url.getScheme() + "://" + url.getHost() + "]";
  }

  /** Builds {@link WebhookSink}s. */
  public static final class Builder extends HttpSinkBuilder<Builder> {
    private Secret secret;

    private Builder() {
      super("webhook");
    }

    /** The shared signing secret. */
    public Builder secret(Secret secret) {
      this.secret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** Builds the sink. */
    public WebhookSink build() {
      return new WebhookSink(this);
    }
  }
}
