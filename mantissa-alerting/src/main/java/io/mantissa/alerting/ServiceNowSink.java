package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens a ServiceNow incident per alert through the Table API ({@code POST
 * /api/now/table/incident}), authenticated with HTTP basic. The incident carries {@code
 * correlation_id} {@code mantissa-<alert id>} and {@code correlation_display} {@code Mantissa Log};
 * urgency and impact follow the severity (critical 1/1, high 1/2, medium 2/2, low and informational
 * 3/3). The incident number is reported as the external id.
 *
 * <p>Only open alerts create incidents; status changes are accepted without a request (updates are
 * not implemented yet).
 */
public final class ServiceNowSink implements AlertSink {
  private static final int SHORT_DESCRIPTION_MAX = 160;

  private final String name;
  private final URI tableUrl;
  private final Secret authorization;
  private final HttpDelivery http;
  private final String assignmentGroup;
  private final String resolvedCloseCode;
  private final String falsePositiveCloseCode;

  private ServiceNowSink(Builder b) {
    HttpSinkBuilder.require(b.url, "an instance URL", b.name);
    b.url = URI.create(b.url.toString().replaceAll("/+$", "") + "/api/now/table/incident");
    this.http = b.delivery();
    HttpSinkBuilder.require(b.user, "a user", b.name);
    HttpSinkBuilder.require(b.password, "a password", b.name);
    this.name = b.name;
    this.tableUrl = b.url;
    this.assignmentGroup = b.assignmentGroup;
    this.resolvedCloseCode = b.resolvedCloseCode;
    this.falsePositiveCloseCode = b.falsePositiveCloseCode;
    this.authorization =
        Secret.of(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (b.user + ":" + b.password.reveal()).getBytes(StandardCharsets.UTF_8)));
  }

  /** A builder; the instance URL, user and password are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    headers.put("Authorization", authorization.reveal());
    if (alert.status() != AlertStatus.OPEN) {
      return update(alert, headers);
    }
    return http.send(
        name,
        "POST",
        tableUrl,
        headers,
        Json.write(incident(alert)),
        r -> Json.read(r.body()).path("result").path("number").asText(""));
  }

  /**
   * A status change updates the alert's incident, found by {@code correlation_id}: acknowledged
   * sets state 2 (In Progress) with a work note; resolved and false positive set state 6 (Resolved)
   * with a close code and notes. Retried while the incident does not exist yet.
   */
  private DeliveryResult update(Alert alert, Map<String, String> headers) {
    String correlation = "mantissa-" + alert.id();
    String query =
        "?sysparm_query="
            + java.net.URLEncoder.encode(
                "correlation_id=" + correlation, java.nio.charset.StandardCharsets.UTF_8)
            + "&sysparm_fields=sys_id,number&sysparm_limit=1";
    String[] found = new String[2];
    DeliveryResult lookup =
        http.sendChecked(
            name,
            "GET",
            URI.create(tableUrl + query),
            headers,
            null,
            r -> {
              var first = Json.read(r.body()).path("result").path(0);
              found[0] = first.path("sys_id").asText("");
              found[1] = first.path("number").asText("");
              return found[0].isEmpty()
                  ? new DeliveryResult.RetryableFailure(
                      "no incident with correlation_id " + correlation + " yet", Optional.empty())
                  : new DeliveryResult.Delivered(found[1]);
            });
    if (!(lookup instanceof DeliveryResult.Delivered)) {
      return lookup;
    }
    ObjectNode change = Json.object();
    String note = "Mantissa: alert " + alert.id() + " is now " + AlertText.status(alert) + ".";
    if (alert.status() == AlertStatus.ACKNOWLEDGED) {
      change.put("state", "2");
      change.put("work_notes", note);
    } else {
      change.put("state", "6");
      change.put(
          "close_code",
          alert.status() == AlertStatus.FALSE_POSITIVE
              ? falsePositiveCloseCode
              : resolvedCloseCode);
      change.put("close_notes", note);
    }
    return http.send(
        name,
        "PATCH",
        URI.create(tableUrl + "/" + found[0]),
        headers,
        Json.write(change),
        r -> found[1]);
  }

  ObjectNode incident(Alert a) {
    ObjectNode n = Json.object();
    n.put(
        "short_description",
        AlertText.truncate(AlertText.summary(a).replace('\n', ' '), SHORT_DESCRIPTION_MAX));
    n.put("description", description(a));
    int[] ui = urgencyImpact(a.severity());
    n.put("urgency", Integer.toString(ui[0]));
    n.put("impact", Integer.toString(ui[1]));
    n.put("category", "security");
    n.put("correlation_id", "mantissa-" + a.id());
    n.put("correlation_display", "Mantissa Log");
    if (assignmentGroup != null) {
      n.put("assignment_group", assignmentGroup);
    }
    return n;
  }

  static String description(Alert a) {
    StringBuilder sb = new StringBuilder(a.title()).append("\n\n");
    sb.append("Severity: ").append(AlertText.severity(a)).append('\n');
    sb.append("Rule: ").append(a.ruleId()).append('\n');
    sb.append("Time: ").append(a.time()).append('\n');
    sb.append("Alert id: ").append(a.id()).append('\n');
    if (!a.attackTags().isEmpty()) {
      sb.append("ATT&CK: ").append(String.join(", ", a.attackTags())).append('\n');
    }
    if (!a.entities().isEmpty()) {
      sb.append("\nEntities:\n");
      for (Entity e : a.entities()) {
        sb.append("- ").append(AlertText.entity(e)).append('\n');
      }
    }
    return sb.toString();
  }

  static int[] urgencyImpact(Severity s) {
    return switch (s) {
      case CRITICAL -> new int[] {1, 1};
      case HIGH -> new int[] {1, 2};
      case MEDIUM -> new int[] {2, 2};
      case LOW, INFORMATIONAL -> new int[] {3, 3};
    };
  }

  @Override
  public String toString() {
    return "ServiceNowSink[" + name + " -> " + tableUrl.getHost() + "]";
  }

  /** Builds {@link ServiceNowSink}s. */
  public static final class Builder extends HttpSinkBuilder<Builder> {
    private String user;
    private Secret password;
    private String assignmentGroup;
    private String resolvedCloseCode = "Solution provided";
    private String falsePositiveCloseCode = "No resolution provided";

    private Builder() {
      super("servicenow");
    }

    /**
     * The close codes for resolved alerts and false positives (defaults {@code Solution provided}
     * and {@code No resolution provided}; instances define their own choice lists).
     */
    public Builder closeCodes(String resolved, String falsePositive) {
      this.resolvedCloseCode = Objects.requireNonNull(resolved, "resolved");
      this.falsePositiveCloseCode = Objects.requireNonNull(falsePositive, "falsePositive");
      return this;
    }

    /** The integration user. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The integration user's password. */
    public Builder password(Secret password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** The assignment group (name or sys_id) for new incidents. */
    public Builder assignmentGroup(String group) {
      this.assignmentGroup = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * Builds the sink; {@link #url} is the instance, such as {@code https://acme.service-now.com}.
     */
    public ServiceNowSink build() {
      return new ServiceNowSink(this);
    }

    @Override
    public String toString() {
      return "ServiceNowSink.Builder[" + name + "]";
    }
  }
}
