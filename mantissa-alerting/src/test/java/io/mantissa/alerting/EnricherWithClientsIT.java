package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.api.config.Secret;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enricher with the real clients: a vendor outage gives an alert without that context (and a
 * note) and is not cached, so the next alert asks again; a "not found" is cached like an answer.
 */
class EnricherWithClientsIT {
  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  private AlertEnricher enricher() {
    return AlertEnricher.builder()
        .clock(clock)
        .threatIntel(
            AbuseIpDbLookup.builder()
                .url(server.loopbackUrl(""))
                .apiKey(Secret.of("k-abuse-secret"))
                .clock(clock)
                .allowPrivateAddresses(true)
                .build(),
            60)
        .directory(
            OktaDirectoryLookup.builder()
                .url(server.loopbackUrl(""))
                .apiToken(Secret.of("k-okta-secret"))
                .clock(clock)
                .allowPrivateAddresses(true)
                .build(),
            60)
        .build();
  }

  private static Alert alert() {
    return Alert.builder()
        .id("a1")
        .ruleId("okta-brute-force")
        .title("Brute force against alice")
        .severity(Severity.HIGH)
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .entity(Entity.user("alice@example.com"))
        .entity(Entity.ip("118.25.6.39"))
        .eventId("e1")
        .build();
  }

  @Test
  void anOutageIsNotedAndNotCachedWhileNotFoundIsCached() {
    server.stubFor(get(urlPathEqualTo("/api/v2/check")).willReturn(aResponse().withStatus(502)));
    server.stubFor(
        get(urlEqualTo("/api/v1/users/alice@example.com"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("{\"errorCode\":\"E0000007\",\"errorSummary\":\"Not found\"}")));
    AlertEnricher enricher = enricher();

    Alert first = enricher.enrich(alert());

    assertThat(first.enrichment()).doesNotContainKeys("threat_intel", "directory");
    assertThat(first.enrichment().get("enrichment_notes"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("threat_intel: unavailable for 118.25.6.39 (abuseipdb failed (HTTP 502))");
    assertThat(first.enrichment().get("summary_5w1h").toString())
        .doesNotContain("k-abuse-secret", "k-okta-secret");

    server.stubFor(
        get(urlPathEqualTo("/api/v2/check"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"data\":{\"ipAddress\":\"118.25.6.39\",\"isWhitelisted\":false,"
                            + "\"abuseConfidenceScore\":96,\"usageType\":\"\",\"isTor\":true}}")));
    clock.advance(Duration.ofSeconds(5));
    Alert second = enricher.enrich(alert());

    assertThat(second.enrichment().get("threat_intel"))
        .isEqualTo(
            Map.of(
                "118.25.6.39",
                Map.of(
                    "malicious",
                    true,
                    "score",
                    96,
                    "provider",
                    "abuseipdb",
                    "labels",
                    List.of("tor"))));
    assertThat(second.enrichment()).doesNotContainKeys("directory", "enrichment_notes");
    assertThat(second.enrichment().get("summary_5w1h").toString())
        .contains("118.25.6.39 [malicious per abuseipdb, score 96]");
    // abuseipdb asked twice (the outage was not cached), okta once (its 404 was)
    assertThat(server.findAll(anyRequestedFor(anyUrl())))
        .extracting(r -> r.getUrl())
        .containsExactly(
            "/api/v2/check?ipAddress=118.25.6.39&maxAgeInDays=90",
            "/api/v1/users/alice@example.com",
            "/api/v2/check?ipAddress=118.25.6.39&maxAgeInDays=90");
  }
}
