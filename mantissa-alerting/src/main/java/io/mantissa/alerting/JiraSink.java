package io.mantissa.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens a Jira Cloud issue per alert through REST API v3 ({@code POST /rest/api/3/issue}) with an
 * Atlassian Document Format description, authenticated with an account e-mail and API token (HTTP
 * basic). Labels {@code mantissa}, the rule id and {@code mantissa-<alert id>} make issues
 * searchable. The issue key ({@code SEC-42}) is reported as the external id.
 *
 * <p>Only open alerts create issues; status changes are accepted without a request (transitions are
 * not implemented yet). Jira has no idempotency key: a retry after a lost answer may open a second
 * issue, which the {@code mantissa-<alert id>} label makes easy to spot.
 */
public final class JiraSink extends HttpSink {
  private static final int SUMMARY_MAX = 255;

  private final URI issueUrl;
  private final String projectKey;
  private final String issueType;
  private final Secret authorization;

  private JiraSink(Builder b) {
    super(b);
    HttpSinkBuilder.require(b.email, "an account e-mail", b.name);
    HttpSinkBuilder.require(b.apiToken, "an API token", b.name);
    HttpSinkBuilder.require(b.projectKey, "a project key", b.name);
    this.issueUrl = b.url;
    this.projectKey = b.projectKey;
    this.issueType = b.issueType;
    this.authorization = HttpDelivery.basicAuthorization(b.email, b.apiToken);
  }

  /** A builder; the site URL, e-mail, API token and project key are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    Map<String, String> headers = HttpDelivery.jsonHeaders(authorization);
    if (alert.status() != AlertStatus.OPEN) {
      return comment(alert, headers);
    }
    return http.send(
        "POST",
        issueUrl,
        headers,
        Json.write(issue(alert)),
        r -> Json.read(r.body()).path("key").asText(""));
  }

  /**
   * A status change becomes a comment on the alert's issue, found by its {@code mantissa-<id>}
   * label. While the issue does not exist yet (its creation is still being retried) the comment is
   * retried too.
   */
  private DeliveryResult comment(Alert alert, Map<String, String> headers) {
    ObjectNode search = Json.object();
    search.put(
        "jql", "labels = \"" + label(AlertText.reference(alert)) + "\" ORDER BY created ASC");
    search.putArray("fields").add("key");
    search.put("maxResults", 1);
    String[] key = new String[1];
    DeliveryResult found =
        http.sendChecked(
            "POST",
            siteUrl("/rest/api/3/search/jql"),
            headers,
            Json.write(search),
            r -> {
              key[0] = Json.read(r.body()).path("issues").path(0).path("key").asText("");
              return key[0].isEmpty()
                  ? new DeliveryResult.RetryableFailure(
                      "no Jira issue labelled mantissa-" + alert.id() + " yet", Optional.empty())
                  : new DeliveryResult.Delivered(key[0]);
            });
    if (!(found instanceof DeliveryResult.Delivered)) {
      return found;
    }
    if (key[0] == null || key[0].isEmpty()) {
      return new DeliveryResult.RetryableFailure(
          "the Jira search answered 2xx with no readable issue key", Optional.empty());
    }
    ObjectNode doc = Json.object().put("type", "doc").put("version", 1);
    text(paragraph(doc.putArray("content")), AlertText.statusNote(alert), false);
    ObjectNode body = Json.object();
    body.set("body", doc);
    return http.send(
        "POST",
        siteUrl("/rest/api/3/issue/" + key[0] + "/comment"),
        headers,
        Json.write(body),
        r -> key[0]);
  }

  private URI siteUrl(String path) {
    String base = issueUrl.toString();
    return URI.create(base.substring(0, base.length() - "/rest/api/3/issue".length()) + path);
  }

  ObjectNode issue(Alert a) {
    ObjectNode root = Json.object();
    ObjectNode fields = root.putObject("fields");
    fields.putObject("project").put("key", projectKey);
    fields.putObject("issuetype").put("name", issueType);
    fields.put("summary", AlertText.truncate(AlertText.summary(a).replace('\n', ' '), SUMMARY_MAX));
    fields.set("description", description(a));
    ArrayNode labels = fields.putArray("labels");
    labels.add("mantissa");
    labels.add(label(a.ruleId()));
    labels.add(label(AlertText.reference(a)));
    return root;
  }

  /** An ADF document: a summary paragraph, a details list, the entities and the tags. */
  static ObjectNode description(Alert a) {
    ObjectNode doc = Json.object().put("type", "doc").put("version", 1);
    ArrayNode content = doc.putArray("content");
    ArrayNode intro = paragraph(content);
    text(intro, a.title(), true);
    ArrayNode details = content.addObject().put("type", "bulletList").putArray("content");
    item(details, "Severity: " + AlertText.severity(a));
    item(details, "Rule: " + a.ruleId());
    item(details, "Time: " + a.time());
    item(details, "Alert id: " + a.id());
    if (!a.attackTags().isEmpty()) {
      item(details, "ATT&CK: " + String.join(", ", a.attackTags()));
    }
    if (!a.entities().isEmpty()) {
      content
          .addObject()
          .put("type", "heading")
          .<ObjectNode>set("attrs", Json.object().put("level", 3))
          .putArray("content")
          .addObject()
          .put("type", "text")
          .put("text", "Entities");
      ArrayNode entities = content.addObject().put("type", "bulletList").putArray("content");
      for (Entity e : a.entities()) {
        item(entities, AlertText.entity(e));
      }
    }
    return doc;
  }

  private static ArrayNode paragraph(ArrayNode content) {
    return content.addObject().put("type", "paragraph").putArray("content");
  }

  private static void text(ArrayNode inline, String text, boolean strong) {
    ObjectNode t = inline.addObject().put("type", "text").put("text", text);
    if (strong) {
      t.putArray("marks").addObject().put("type", "strong");
    }
  }

  private static void item(ArrayNode list, String text) {
    ObjectNode item = list.addObject().put("type", "listItem");
    text(paragraph(item.putArray("content")), text, false);
  }

  /** Jira labels cannot contain spaces. */
  static String label(String s) {
    return AlertText.truncate(s.replaceAll("\\s+", "_"), 255);
  }

  @Override
  public String toString() {
    return "JiraSink[" + name + " -> " + issueUrl.getHost() + " project " + projectKey + "]";
  }

  /** Builds {@link JiraSink}s. */
  public static final class Builder extends HttpSinkBuilder<Builder> {
    private String email;
    private Secret apiToken;
    private String projectKey;
    private String issueType = "Task";

    private Builder() {
      super("jira");
    }

    /** The Atlassian account e-mail the API token belongs to. */
    public Builder email(String email) {
      this.email = Objects.requireNonNull(email, "email");
      return this;
    }

    /** The API token. */
    public Builder apiToken(Secret token) {
      this.apiToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** The project key, such as {@code SEC}. */
    public Builder projectKey(String key) {
      this.projectKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** The issue type name (default {@code Task}). */
    public Builder issueType(String type) {
      this.issueType = Objects.requireNonNull(type, "type");
      return this;
    }

    /** Builds the sink; {@link #url} is the site, such as {@code https://acme.atlassian.net}. */
    public JiraSink build() {
      urlBelowSite("a site URL", "/rest/api/3/issue");
      return new JiraSink(this);
    }
  }
}
