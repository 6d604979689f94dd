package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Severity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
public final class ServiceNowSink extends HttpSink {
  private static final int SHORT_DESCRIPTION_MAX = 160;

  private final URI tableUrl;
  private final Secret authorization;
  private final String assignmentGroup;
  private final String resolvedCloseCode;
  private final String falsePositiveCloseCode;

  private ServiceNowSink(Builder b) {
    super(b);
    HttpSinkBuilder.require(b.user, "a user", b.name);
    HttpSinkBuilder.require(b.password, "a password", b.name);
    this.tableUrl = b.url;
    this.assignmentGroup = b.assignmentGroup;
    this.resolvedCloseCode = b.resolvedCloseCode;
    this.falsePositiveCloseCode = b.falsePositiveCloseCode;
    this.authorization = HttpDelivery.basicAuthorization(b.user, b.password);
  }

  /** A builder; the instance URL, user and password are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    Map<String, String> headers = HttpDelivery.jsonHeaders(authorization);
    if (alert.status() != AlertStatus.OPEN) {
      return update(alert, headers);
    }
    return http.send(
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
    String correlation = AlertText.reference(alert);
    String query =
        "?sysparm_query="
            + URLEncoder.encode("correlation_id=" + correlation, StandardCharsets.UTF_8)
            + "&sysparm_fields=sys_id,number&sysparm_limit=1";
    String[] found = new String[2];
    DeliveryResult lookup =
        http.sendChecked(
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
    if (found[0] == null || found[0].isEmpty()) {
      return new DeliveryResult.RetryableFailure(
          "the ServiceNow lookup answered 2xx with no readable sys_id", Optional.empty());
    }
    ObjectNode change = Json.object();
    String note = AlertText.statusNote(alert);
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
        "PATCH", URI.create(tableUrl + "/" + found[0]), headers, Json.write(change), r -> found[1]);
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
    n.put("correlation_id", AlertText.reference(a));
    n.put("correlation_display", "Mantissa Log");
    if (assignmentGroup != null) {
      n.put("assignment_group", assignmentGroup);
    }
    return n;
  }

  static String description(Alert a) {
    StringBuilder sb = new StringBuilder(a.title()).append("\n\n");
    return AlertText.appendDetails(sb, a, false).toString();
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
      urlBelowSite("an instance URL", "/api/now/table/incident");
      return new ServiceNowSink(this);
    }
  }
}
