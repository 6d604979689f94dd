package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import io.mantissa.api.config.Secret;
import io.mantissa.testkit.AlertSinkConformance;
import io.mantissa.testkit.DestinationBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

class WebhookSinkConformanceIT extends AlertSinkConformance {
  private static final String SECRET = "conformance-webhook-secret";

  @Override
  protected SinkUnderTest newSink(List<DestinationBehaviour> script) {
    ScriptedDestination d =
        new ScriptedDestination(
            script, b -> ScriptedDestination.http(b, aResponse().withStatus(204)));
    WebhookSink sink =
        WebhookSink.builder()
            .url(d.url("/hook"))
            .secret(Secret.of(SECRET))
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();
    return d.underTest(sink, r -> Optional.ofNullable(r.getHeader(WebhookSink.IDEMPOTENCY_HEADER)));
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(SECRET);
  }
}
