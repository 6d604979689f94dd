package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.AlertStatus;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Microsoft Teams, Jira Cloud and ServiceNow against WireMock, checking the exact requests. */
class TicketAndChatSinksIT {
  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  private String base() {
    return server.loopbackUrl("");
  }

  @Test
  void teamsGetsAnAdaptiveCard() {
    server.stubFor(post(urlEqualTo("/workflows/hook")).willReturn(aResponse().withStatus(202)));
    TeamsSink sink =
        TeamsSink.builder()
            .webhookUrl(Secret.of(base() + "/workflows/hook"))
            .alertUrl("https://mantissa.example.com/alerts/{id}")
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();

    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .isInstanceOf(DeliveryResult.Delivered.class);

    server.verify(
        postRequestedFor(urlEqualTo("/workflows/hook"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"type": "message",
                     "attachments": [{
                       "contentType": "application/vnd.microsoft.card.adaptive",
                       "contentUrl": null,
                       "content": {
                         "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                         "type": "AdaptiveCard", "version": "1.4",
                         "body": [
                           {"type": "TextBlock", "text": "[HIGH] Brute force against alice",
                            "size": "Large", "weight": "Bolder", "color": "Attention",
                            "wrap": true},
                           {"type": "FactSet", "facts": [
                             {"title": "Severity", "value": "High"},
                             {"title": "Status", "value": "Open"},
                             {"title": "Rule", "value": "okta-brute-force"},
                             {"title": "Time", "value": "2025-12-31T23:58:00Z"},
                             {"title": "Alert", "value": "a-1"},
                             {"title": "ATT&CK", "value": "attack.t1110"}]},
                           {"type": "TextBlock",
                            "text": "- user: alice\\n- ip: 203.0.113.7\\n- host: web-01",
                            "wrap": true}],
                         "actions": [{"type": "Action.OpenUrl", "title": "Open in Mantissa",
                                      "url": "https://mantissa.example.com/alerts/a-1"}]}}]}
                    """)));
    assertThat(sink.toString()).doesNotContain("workflows");
  }

  @Test
  void jiraGetsAnIssueWithAnAdfDescription() {
    server.stubFor(
        post(urlEqualTo("/rest/api/3/issue"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"10042\",\"key\":\"SEC-42\","
                            + "\"self\":\"https://acme.atlassian.net/rest/api/3/issue/10042\"}")));
    JiraSink sink =
        JiraSink.builder()
            .url(base() + "/")
            .email("bot@example.com")
            .apiToken(Secret.of("ATATT-token"))
            .projectKey("SEC")
            .issueType("Bug")
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();

    DeliveryResult result = sink.deliver(SinkFixtures.alert(), "k");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("SEC-42"));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("bot@example.com:ATATT-token".getBytes(StandardCharsets.UTF_8));
    server.verify(
        postRequestedFor(urlEqualTo("/rest/api/3/issue"))
            .withHeader("Authorization", equalTo(basic))
            .withHeader("Accept", equalTo("application/json"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"fields": {
                      "project": {"key": "SEC"},
                      "issuetype": {"name": "Bug"},
                      "summary": "[HIGH] Brute force against alice",
                      "labels": ["mantissa", "okta-brute-force", "mantissa-a-1"],
                      "description": {"type": "doc", "version": 1, "content": [
                        {"type": "paragraph", "content": [
                          {"type": "text", "text": "Brute force against alice",
                           "marks": [{"type": "strong"}]}]},
                        {"type": "bulletList", "content": [
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "Severity: High"}]}]},
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "Rule: okta-brute-force"}]}]},
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "Time: 2025-12-31T23:58:00Z"}]}]},
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "Alert id: a-1"}]}]},
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "ATT&CK: attack.t1110"}]}]}]},
                        {"type": "heading", "attrs": {"level": 3},
                         "content": [{"type": "text", "text": "Entities"}]},
                        {"type": "bulletList", "content": [
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "user: alice"}]}]},
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "ip: 203.0.113.7"}]}]},
                          {"type": "listItem", "content": [{"type": "paragraph", "content": [
                            {"type": "text", "text": "host: web-01"}]}]}]}]}}}
                    """)));
    assertThat(sink.toString()).doesNotContain("ATATT");
  }

  @Test
  void serviceNowGetsAnIncident() {
    server.stubFor(
        post(urlEqualTo("/api/now/table/incident"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"result\":{\"sys_id\":\"9d385017c611228701d22104cc95c371\","
                            + "\"number\":\"INC0010042\"}}")));
    ServiceNowSink sink =
        ServiceNowSink.builder()
            .url(base())
            .user("mantissa.integration")
            .password(Secret.of("sn-password"))
            .assignmentGroup("Security Operations")
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();

    DeliveryResult result = sink.deliver(SinkFixtures.alert(), "k");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("INC0010042"));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    "mantissa.integration:sn-password".getBytes(StandardCharsets.UTF_8));
    server.verify(
        postRequestedFor(urlEqualTo("/api/now/table/incident"))
            .withHeader("Authorization", equalTo(basic))
            .withHeader("Accept", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"short_description": "[HIGH] Brute force against alice",
                     "description": "Brute force against alice\\n\\nSeverity: High\\nRule: okta-brute-force\\nTime: 2025-12-31T23:58:00Z\\nAlert id: a-1\\nATT&CK: attack.t1110\\n\\nEntities:\\n- user: alice\\n- ip: 203.0.113.7\\n- host: web-01\\n",
                     "urgency": "1", "impact": "2", "category": "security",
                     "correlation_id": "mantissa-a-1", "correlation_display": "Mantissa Log",
                     "assignment_group": "Security Operations"}
                    """)));
    assertThat(sink.toString()).doesNotContain("sn-password");
  }

  private JiraSink jira() {
    return JiraSink.builder()
        .url(base())
        .email("bot@example.com")
        .apiToken(Secret.of("ATATT-token"))
        .projectKey("SEC")
        .allowPrivateAddresses(true)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  @Test
  void jiraStatusChangesBecomeCommentsOnTheLabelledIssue() {
    server.stubFor(
        post(urlEqualTo("/rest/api/3/search/jql"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"issues\":[{\"id\":\"10042\",\"key\":\"SEC-42\"}]}")));
    server.stubFor(
        post(urlEqualTo("/rest/api/3/issue/SEC-42/comment"))
            .willReturn(aResponse().withStatus(201).withBody("{\"id\":\"1\"}")));

    DeliveryResult result =
        jira().deliver(SinkFixtures.alert().toBuilder().status(AlertStatus.RESOLVED).build(), "k");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("SEC-42"));
    server.verify(
        postRequestedFor(urlEqualTo("/rest/api/3/search/jql"))
            .withRequestBody(
                equalToJson(
                    """
                    {"jql": "labels = \\"mantissa-a-1\\" ORDER BY created ASC",
                     "fields": ["key"], "maxResults": 1}
                    """)));
    server.verify(
        postRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-42/comment"))
            .withRequestBody(
                equalToJson(
                    """
                    {"body": {"type": "doc", "version": 1, "content": [
                      {"type": "paragraph", "content": [
                        {"type": "text", "text": "Mantissa: alert a-1 is now Resolved."}]}]}}
                    """)));
  }

  @Test
  void aJiraCommentWaitsForItsIssue() {
    server.stubFor(
        post(urlEqualTo("/rest/api/3/search/jql"))
            .willReturn(aResponse().withStatus(200).withBody("{\"issues\":[]}")));
    DeliveryResult result =
        jira()
            .deliver(
                SinkFixtures.alert().toBuilder().status(AlertStatus.ACKNOWLEDGED).build(), "k");
    assertThat(result)
        .isEqualTo(
            new DeliveryResult.RetryableFailure(
                "no Jira issue labelled mantissa-a-1 yet", Optional.empty()));
  }

  @Test
  void aJiraSearchThatAnswersNoJsonIsRetriedAndCommentsNothing() {
    server.stubFor(
        post(urlEqualTo("/rest/api/3/search/jql"))
            .willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));
    DeliveryResult result =
        jira()
            .deliver(
                SinkFixtures.alert().toBuilder().status(AlertStatus.ACKNOWLEDGED).build(), "k");
    assertThat(result).isInstanceOf(DeliveryResult.RetryableFailure.class);
    server.verify(
        0,
        postRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlMatching(".*/comment")));
  }

  @Test
  void serviceNowStatusChangesUpdateTheCorrelatedIncident() {
    String lookup =
        "/api/now/table/incident?sysparm_query=correlation_id%3Dmantissa-a-1"
            + "&sysparm_fields=sys_id,number&sysparm_limit=1";
    server.stubFor(
        get(urlEqualTo(lookup))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"result\":[{\"sys_id\":\"9d38\",\"number\":\"INC0010042\"}]}")));
    server.stubFor(
        patch(urlEqualTo("/api/now/table/incident/9d38"))
            .willReturn(aResponse().withStatus(200).withBody("{\"result\":{}}")));
    ServiceNowSink sink =
        ServiceNowSink.builder()
            .url(base())
            .user("bot")
            .password(Secret.of("sn-password"))
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();

    assertThat(
            sink.deliver(
                SinkFixtures.alert().toBuilder().status(AlertStatus.ACKNOWLEDGED).build(), "k1"))
        .isEqualTo(new DeliveryResult.Delivered("INC0010042"));
    sink.deliver(SinkFixtures.alert().toBuilder().status(AlertStatus.RESOLVED).build(), "k2");
    sink.deliver(SinkFixtures.alert().toBuilder().status(AlertStatus.FALSE_POSITIVE).build(), "k3");

    String incident = "/api/now/table/incident/9d38";
    server.verify(
        patchRequestedFor(urlEqualTo(incident))
            .withRequestBody(
                equalToJson(
                    """
                    {"state": "2", "work_notes": "Mantissa: alert a-1 is now Acknowledged."}
                    """)));
    server.verify(
        patchRequestedFor(urlEqualTo(incident))
            .withRequestBody(
                equalToJson(
                    """
                    {"state": "6", "close_code": "Solution provided",
                     "close_notes": "Mantissa: alert a-1 is now Resolved."}
                    """)));
    server.verify(
        patchRequestedFor(urlEqualTo(incident))
            .withRequestBody(
                equalToJson(
                    """
                    {"state": "6", "close_code": "No resolution provided",
                     "close_notes": "Mantissa: alert a-1 is now False positive."}
                    """)));
  }
}
