package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import io.mantissa.spi.auth.AwsSigV4;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends alerts by e-mail through Amazon SES, API v2 {@code SendEmail} ({@code POST
 * /v2/email/outbound-emails}), signed with AWS Signature Version 4. The message has a text and an
 * HTML body (the same as {@link EmailSink}'s) and an {@code EmailTags} entry with the alert id. The
 * SES {@code MessageId} is reported as the external id.
 *
 * <p>{@code 429 TooManyRequestsException} and 5xx are retryable; other 4xx ({@code
 * MessageRejected}, unverified sender, bad signature) permanent. SES has no idempotency key.
 */
public final class SesSink extends HttpSink {
  private final URI url;
  private final String region;
  private final String accessKeyId;
  private final Secret secretAccessKey;
  private final Secret sessionToken;
  private final String from;
  private final List<String> to;
  private final String subjectPrefix;
  private final String configurationSet;
  private final java.time.Clock clock;

  private SesSink(Builder b) {
    super(b);
    HttpSinkBuilder.require(b.accessKeyId, "an access key id", b.name);
    HttpSinkBuilder.require(b.secretAccessKey, "a secret access key", b.name);
    HttpSinkBuilder.require(b.from, "a sender", b.name);
    if (b.to.isEmpty()) {
      HttpSinkBuilder.require(null, "a recipient", b.name);
    }
    this.url = b.url;
    this.region = b.region;
    this.accessKeyId = b.accessKeyId;
    this.secretAccessKey = b.secretAccessKey;
    this.sessionToken = b.sessionToken;
    this.from = b.from;
    this.to = List.copyOf(b.to);
    this.subjectPrefix = b.subjectPrefix;
    this.configurationSet = b.configurationSet;
    this.clock = b.clock;
  }

  /** A builder; region, credentials, sender and a recipient are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    String body = Json.write(request(alert));
    String amzDate = AwsSigV4.amzDate(clock.instant());
    String host = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("Content-Type", "application/json");
    signed.put("Host", host);
    signed.put("X-Amz-Date", amzDate);
    if (sessionToken != null) {
      signed.put("X-Amz-Security-Token", sessionToken.reveal());
    }
    String authorization =
        AwsSigV4.authorization(
            "POST",
            url.getRawPath(),
            Map.of(),
            signed,
            body,
            accessKeyId,
            secretAccessKey.reveal(),
            region,
            "ses");
    Map<String, String> headers = new LinkedHashMap<>(signed);
    headers.remove("Host"); // the HTTP client sends it, with the same value
    headers.put("Authorization", authorization);
    return http.send(
        "POST", url, headers, body, r -> Json.read(r.body()).path("MessageId").asText(""));
  }

  ObjectNode request(Alert a) {
    ObjectNode n = Json.object();
    n.put("FromEmailAddress", from);
    ArrayNode addresses = n.putObject("Destination").putArray("ToAddresses");
    to.forEach(addresses::add);
    ObjectNode simple = n.putObject("Content").putObject("Simple");
    simple
        .putObject("Subject")
        .put("Data", AlertText.truncate(EmailSink.subject(subjectPrefix, a), 200))
        .put("Charset", "UTF-8");
    ObjectNode body = simple.putObject("Body");
    body.putObject("Text").put("Data", EmailSink.text(a)).put("Charset", "UTF-8");
    body.putObject("Html").put("Data", EmailSink.html(a)).put("Charset", "UTF-8");
    n.putArray("EmailTags")
        .addObject()
        .put("Name", "mantissa-alert-id")
        .put("Value", AlertText.truncate(a.id().replaceAll("[^A-Za-z0-9_-]", "_"), 256));
    if (configurationSet != null) {
      n.put("ConfigurationSetName", configurationSet);
    }
    return n;
  }

  @Override
  public String toString() {
    return "SesSink[" + name + " -> " + url.getHost() + " as " + accessKeyId + "]";
  }

  /** Builds {@link SesSink}s. */
  public static final class Builder extends HttpSinkBuilder<Builder> {
    private String region;
    private String accessKeyId;
    private Secret secretAccessKey;
    private Secret sessionToken;
    private String from;
    private final List<String> to = new ArrayList<>();
    private String subjectPrefix = "";
    private String configurationSet;

    private Builder() {
      super("ses");
    }

    /** The AWS region, such as {@code eu-west-1}; sets the endpoint unless {@link #url} does. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Static credentials. */
    public Builder credentials(String accessKeyId, Secret secretAccessKey) {
      this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
      this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      return this;
    }

    /** The session token of temporary credentials. */
    public Builder sessionToken(Secret token) {
      this.sessionToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** The verified sender address. */
    public Builder from(String from) {
      this.from = Objects.requireNonNull(from, "from");
      return this;
    }

    /** Adds a recipient. */
    public Builder to(String recipient) {
      to.add(Objects.requireNonNull(recipient, "recipient"));
      return this;
    }

    /** Text put before every subject. */
    public Builder subjectPrefix(String prefix) {
      this.subjectPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The SES configuration set to send with. */
    public Builder configurationSet(String name) {
      this.configurationSet = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Builds the sink. */
    public SesSink build() {
      require(region, "a region", name);
      if (url == null) {
        url("https://email." + region + ".amazonaws.com/v2/email/outbound-emails");
      }
      return new SesSink(this);
    }
  }
}
