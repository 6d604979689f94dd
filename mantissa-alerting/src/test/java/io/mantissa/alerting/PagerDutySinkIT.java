package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.AlertStatus;
import io.mantissa.api.Severity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PagerDutySinkIT {
  private static final String KEY = "R0UT1NGKEY00000000000000000000AB";
  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private PagerDutySink sink;

  @BeforeEach
  void setUp() {
    server.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"success\",\"message\":\"Event processed\","
                            + "\"dedup_key\":\"mantissa-a-1\"}")));
    sink =
        PagerDutySink.builder()
            .url(server.loopbackUrl("/v2/enqueue"))
            .routingKey(Secret.of(KEY))
            .clientUrl("https://mantissa.example.com/alerts/{id}")
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  @Test
  void triggersWithTheEventsApiV2Format() {
    DeliveryResult result = sink.deliver(SinkFixtures.alert(), "a-1/pagerduty");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("mantissa-a-1"));
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/enqueue"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "routing_key": "R0UT1NGKEY00000000000000000000AB",
                      "event_action": "trigger",
                      "dedup_key": "mantissa-a-1",
                      "payload": {
                        "summary": "Brute force against alice",
                        "source": "web-01",
                        "severity": "error",
                        "timestamp": "2025-12-31T23:58:00Z",
                        "group": "okta-brute-force",
                        "class": "attack.t1110",
                        "custom_details": {
                          "alert_id": "a-1",
                          "rule_id": "okta-brute-force",
                          "mantissa_severity": "high",
                          "entities": ["user: alice", "ip: 203.0.113.7", "host: web-01"],
                          "attack_tags": ["attack.t1110"],
                          "event_ids": ["e1"],
                          "enrichment": {"geo": {"country": "NL"}}
                        }
                      },
                      "client": "Mantissa Log",
                      "client_url": "https://mantissa.example.com/alerts/a-1"
                    }
                    """)));
  }

  @Test
  void acknowledgesAndResolvesUnderTheSameDedupKey() {
    sink.deliver(SinkFixtures.alert().toBuilder().status(AlertStatus.ACKNOWLEDGED).build(), "k1");
    sink.deliver(SinkFixtures.alert().toBuilder().status(AlertStatus.RESOLVED).build(), "k2");
    sink.deliver(SinkFixtures.alert().toBuilder().status(AlertStatus.FALSE_POSITIVE).build(), "k3");

    for (String action : new String[] {"acknowledge", "resolve"}) {
      server.verify(
          postRequestedFor(urlEqualTo("/v2/enqueue"))
              .withRequestBody(
                  equalToJson(
                      "{\"routing_key\": \""
                          + KEY
                          + "\", \"event_action\": \""
                          + action
                          + "\", \"dedup_key\": \"mantissa-a-1\"}")));
    }
    assertThat(server.getAllServeEvents()).hasSize(3);
  }

  @Test
  void mapsSeverities() {
    assertThat(PagerDutySink.severity(Severity.CRITICAL)).isEqualTo("critical");
    assertThat(PagerDutySink.severity(Severity.HIGH)).isEqualTo("error");
    assertThat(PagerDutySink.severity(Severity.MEDIUM)).isEqualTo("warning");
    assertThat(PagerDutySink.severity(Severity.LOW)).isEqualTo("info");
    assertThat(PagerDutySink.severity(Severity.INFORMATIONAL)).isEqualTo("info");
  }

  @Test
  void aBadRequestIsPermanentAndKeepsTheRoutingKeyOut() {
    server.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                            + "\"errors\":[\"'payload.summary' is missing\"]}")));
    DeliveryResult result = sink.deliver(SinkFixtures.alert(), "k");
    assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(((DeliveryResult.PermanentFailure) result).reason())
        .startsWith("HTTP 400")
        .doesNotContain(KEY);
    assertThat(sink.toString()).doesNotContain(KEY);
  }
}
