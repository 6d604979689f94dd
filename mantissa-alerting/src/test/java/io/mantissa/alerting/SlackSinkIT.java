package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlackSinkIT {
  private static final String PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private SlackSink sink;

  @BeforeEach
  void setUp() {
    sink =
        SlackSink.builder()
            .webhookUrl(Secret.of(server.loopbackUrl(PATH)))
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  @Test
  void postsABlockKitMessageToTheIncomingWebhook() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

    DeliveryResult result =
        sink.deliver(
            SinkFixtures.alert().toBuilder().title("Brute force <b>against</b> alice & co").build(),
            "k");

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    server.verify(
        1,
        postRequestedFor(urlEqualTo(PATH))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "text": "[HIGH] Brute force &lt;b&gt;against&lt;/b&gt; alice &amp; co",
                      "blocks": [
                        {"type": "header",
                         "text": {"type": "plain_text",
                                  "text": "[HIGH] Brute force <b>against</b> alice & co",
                                  "emoji": true}},
                        {"type": "section",
                         "fields": [
                           {"type": "mrkdwn", "text": "*Severity*\\nHigh"},
                           {"type": "mrkdwn", "text": "*Status*\\nOpen"},
                           {"type": "mrkdwn", "text": "*Rule*\\n`okta-brute-force`"},
                           {"type": "mrkdwn", "text": "*Time*\\n2025-12-31T23:58:00Z"}]},
                        {"type": "section",
                         "text": {"type": "mrkdwn",
                                  "text": "*Entities*\\n• user: alice\\n• ip: 203.0.113.7\\n• host: web-01"}},
                        {"type": "context",
                         "elements": [{"type": "mrkdwn",
                           "text": "Alert `a-1` · ATT&amp;CK: attack.t1110 · Mantissa Log"}]}
                      ]
                    }
                    """)));
  }

  @Test
  void slacksErrorsMapToResults() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(aResponse().withStatus(410).withBody("channel_is_archived")));
    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(new DeliveryResult.PermanentFailure("HTTP 410: channel_is_archived"));

    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));
    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(
            new DeliveryResult.RetryableFailure("HTTP 429", Optional.of(Duration.ofSeconds(12))));
  }

  @Test
  void postsThroughChatPostMessageWithABotToken() {
    server.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":true,\"channel\":\"C0SEC\",\"ts\":\"1767225600.000100\"}")));
    SlackSink bot = bot();

    DeliveryResult result = bot.deliver(SinkFixtures.alert(), "k");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("1767225600.000100"));
    server.verify(
        postRequestedFor(urlEqualTo("/api/chat.postMessage"))
            .withHeader("Authorization", equalTo("Bearer xoxb-test-token"))
            .withHeader(
                "Content-Type",
                com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase(
                    "application/json; charset=utf-8"))
            .withRequestBody(
                equalToJson(
                    "{\"channel\": \"C0SEC\", \"text\": \"[HIGH] Brute force against alice\"}",
                    true,
                    true)));
    assertThat(bot.toString()).doesNotContain("xoxb");
  }

  @Test
  void chatPostMessageErrorsInsideA200AreFailures() {
    SlackSink bot = bot();
    server.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
    assertThat(bot.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(new DeliveryResult.PermanentFailure("Slack error channel_not_found"));
    server.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"ok\":false,\"error\":\"internal_error\"}")));
    assertThat(bot.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(
            new DeliveryResult.RetryableFailure("Slack error internal_error", Optional.empty()));
  }

  @Test
  void theWebhookUrlIsASecret() {
    assertThat(sink.toString()).doesNotContain("XXXXXXXX").doesNotContain("127.0.0.1");
  }

  @Test
  void headersAreCutToSlacksLimit() {
    var msg = SlackSink.message(SinkFixtures.alert().toBuilder().title("x".repeat(400)).build());
    assertThat(msg.path("blocks").get(0).path("text").path("text").asText()).hasSize(150);
  }

  /** A sink posting through {@code chat.postMessage} on this test's server. */
  private SlackSink bot() {
    return SlackSink.builder()
        .botToken(Secret.of("xoxb-test-token"))
        .channel("C0SEC")
        .url(server.loopbackUrl("/api/chat.postMessage"))
        .allowPrivateAddresses(true)
        .build();
  }
}
