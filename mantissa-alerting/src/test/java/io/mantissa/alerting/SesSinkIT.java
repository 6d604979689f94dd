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
import io.mantissa.spi.auth.AwsSigV4;
import io.mantissa.testkit.AlertSinkConformance;
import io.mantissa.testkit.DestinationBehaviour;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SesSinkIT {
  private static final String PATH = "/v2/email/outbound-emails";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();

  static SesSink.Builder sink(String url) {
    return SesSink.builder()
        .region("eu-west-1")
        .url(url)
        .credentials("AKIAIOSFODNN7EXAMPLE", Secret.of(SECRET_KEY))
        .from("siem@example.com")
        .to("soc@example.com")
        .subjectPrefix("[SIEM] ")
        .allowPrivateAddresses(true)
        .timeout(Duration.ofSeconds(20))
        .clock(Clock.fixed(SinkFixtures.NOW, ZoneOffset.UTC));
  }

  @Test
  void sendsASignedSendEmailRequest() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"MessageId\":\"0100018c-example\"}")));
    String url = server.loopbackUrl(PATH);

    DeliveryResult result = sink(url).build().deliver(SinkFixtures.alert(), "k");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered("0100018c-example"));
    server.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withHeader("X-Amz-Date", equalTo("20260101T000000Z"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"FromEmailAddress\": \"siem@example.com\","
                        + " \"Destination\": {\"ToAddresses\": [\"soc@example.com\"]},"
                        + " \"Content\": {\"Simple\": {"
                        + "   \"Subject\": {\"Data\": \"[SIEM] [HIGH] Brute force against alice\","
                        + "                 \"Charset\": \"UTF-8\"},"
                        + "   \"Body\": {\"Text\": {\"Data\": \""
                        + EmailSink.text(SinkFixtures.alert()).replace("\n", "\\n")
                        + "\", \"Charset\": \"UTF-8\"},"
                        + "            \"Html\": {\"Data\": \""
                        + EmailSink.html(SinkFixtures.alert()).replace("\"", "\\\"")
                        + "\", \"Charset\": \"UTF-8\"}}}},"
                        + " \"EmailTags\": [{\"Name\": \"mantissa-alert-id\", \"Value\": \"a-1\"}]}")));
    LoggedRequest request = server.getAllServeEvents().get(0).getRequest();
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("Content-Type", "application/json");
    signed.put("Host", request.getHeader("Host"));
    signed.put("X-Amz-Date", "20260101T000000Z");
    assertThat(request.getHeader("Host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(request.getHeader("Authorization"))
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/ses/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date, Signature=")
        .isEqualTo(
            AwsSigV4.authorization(
                "POST",
                PATH,
                Map.of(),
                signed,
                request.getBodyAsString(),
                "AKIAIOSFODNN7EXAMPLE",
                SECRET_KEY,
                "eu-west-1",
                "ses"));
  }

  @Test
  void rejectedMessagesArePermanentAndThrottlingRetryable() {
    String url = server.loopbackUrl(PATH);
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"message\":\"Email address is not verified.\"}")));
    assertThat(sink(url).build().deliver(SinkFixtures.alert(), "k"))
        .isInstanceOf(DeliveryResult.PermanentFailure.class);
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse().withStatus(429).withBody("{\"message\":\"Too many requests\"}")));
    assertThat(sink(url).build().deliver(SinkFixtures.alert(), "k"))
        .isInstanceOf(DeliveryResult.RetryableFailure.class);
    assertThat(sink(url).build().toString()).doesNotContain(SECRET_KEY);
  }

  @Nested
  class Conformance extends AlertSinkConformance {
    @Override
    protected SinkUnderTest newSink(List<DestinationBehaviour> script) {
      ScriptedDestination d =
          new ScriptedDestination(
              script,
              b ->
                  ScriptedDestination.http(
                      b, aResponse().withStatus(200).withBody("{\"MessageId\":\"m-1\"}")));
      SesSink s = sink(d.url(PATH)).build();
      return d.underTest(s);
    }

    @Override
    protected boolean destinationReceivesIdempotencyKey() {
      return false;
    }

    @Override
    protected Set<String> secrets() {
      return Set.of(SECRET_KEY);
    }
  }
}
