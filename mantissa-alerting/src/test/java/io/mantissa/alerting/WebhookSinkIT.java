package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookSinkIT {
  private static final String SECRET = "whsec-test-0123456789";
  private final Clock clock = Clock.fixed(SinkFixtures.NOW, ZoneOffset.UTC);
  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  private WebhookSink.Builder sink() {
    return WebhookSink.builder()
        .name("soc-hook")
        .url(server.loopbackUrl("/hook"))
        .secret(Secret.of(SECRET))
        .allowPrivateAddresses(true)
        .timeout(Duration.ofSeconds(20))
        .clock(clock);
  }

  @Test
  void postsTheSignedAlertWithItsIdempotencyKey() throws Exception {
    server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(202)));

    DeliveryResult result = sink().build().deliver(SinkFixtures.alert(), "a-1/soc-hook");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered(""));
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/hook"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Idempotency-Key", equalTo("a-1/soc-hook"))
            .withHeader("X-Mantissa-Timestamp", equalTo("1767225600"))
            .withHeader("User-Agent", equalTo("mantissa-alerting"))
            .withRequestBody(
                equalToJson(
                    """
                    {"type": "mantissa.alert", "version": 1,
                     "alert": {"id": "a-1", "rule_id": "okta-brute-force",
                       "title": "Brute force against alice", "severity": "high",
                       "status": "open", "time": "2025-12-31T23:58:00Z",
                       "dedup_key": "okta-brute-force|host:web-01|ip:203.0.113.7|user:alice",
                       "entities": [{"type": "user", "value": "alice"},
                                    {"type": "ip", "value": "203.0.113.7"},
                                    {"type": "host", "value": "web-01"}],
                       "event_ids": ["e1"], "attack_tags": ["attack.t1110"],
                       "enrichment": {"geo": {"country": "NL"}}}}
                    """)));
    LoggedRequest request = server.getAllServeEvents().get(0).getRequest();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(
                mac.doFinal(
                    ("1767225600." + request.getBodyAsString()).getBytes(StandardCharsets.UTF_8)));
    assertThat(request.getHeader("X-Mantissa-Signature")).isEqualTo("v1=" + expected);
  }

  @Test
  void signatureMatchesRfc4231TestCase2() {
    assertThat(WebhookSink.sign(Secret.of("Jefe"), "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void mapsStatusesToResults() {
    WebhookSink sink = sink().build();
    server.stubFor(
        post(urlEqualTo("/hook"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(
            new DeliveryResult.RetryableFailure("HTTP 429", Optional.of(Duration.ofSeconds(30))));

    server.stubFor(
        post(urlEqualTo("/hook"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "Thu, 01 Jan 2026 00:02:00 GMT")));
    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(
            new DeliveryResult.RetryableFailure("HTTP 429", Optional.of(Duration.ofMinutes(2))));

    server.stubFor(
        post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(500).withBody("oops")));
    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(new DeliveryResult.RetryableFailure("HTTP 500: oops", Optional.empty()));

    server.stubFor(
        post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(401).withBody("bad sig")));
    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .isEqualTo(new DeliveryResult.PermanentFailure("HTTP 401: bad sig"));

    server.stubFor(
        post(urlEqualTo("/hook"))
            .willReturn(
                aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/")));
    assertThat(sink.deliver(SinkFixtures.alert(), "k"))
        .as("redirects are not followed")
        .isInstanceOf(DeliveryResult.PermanentFailure.class);
  }

  @Test
  void aSlowDestinationTimesOutAsRetryable() {
    server.stubFor(
        post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    DeliveryResult result =
        sink().timeout(Duration.ofMillis(200)).build().deliver(SinkFixtures.alert(), "k");
    assertThat(result)
        .isEqualTo(new DeliveryResult.RetryableFailure("timeout after 200 ms", Optional.empty()));
  }

  @Test
  void refusesLoopbackAndPlainHttpWithoutTheAllowance() {
    server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));

    DeliveryResult https =
        sink()
            .allowPrivateAddresses(false)
            .url("https://127.0.0.1:" + server.port() + "/hook")
            .build()
            .deliver(SinkFixtures.alert(), "k");
    DeliveryResult http =
        sink().allowPrivateAddresses(false).build().deliver(SinkFixtures.alert(), "k");
    DeliveryResult localhost =
        sink()
            .allowPrivateAddresses(false)
            .url("https://localhost:" + server.port() + "/hook")
            .build()
            .deliver(SinkFixtures.alert(), "k");

    assertThat(https).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(((DeliveryResult.PermanentFailure) https).reason()).contains("private, loopback");
    assertThat(http).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(localhost).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void secretsStayOutOfToString() {
    WebhookSink sink = sink().build();
    assertThat(sink.toString()).doesNotContain(SECRET).contains("soc-hook");
  }
}
