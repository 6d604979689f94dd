package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import io.mantissa.api.config.Secret;
import io.mantissa.testkit.AlertSinkConformance;
import io.mantissa.testkit.DestinationBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Set;

class SlackSinkConformanceIT extends AlertSinkConformance {
  private static final String PATH = "/services/T0001/B0001/conformanceSecretPart";

  @Override
  protected SinkUnderTest newSink(List<DestinationBehaviour> script) {
    ScriptedDestination d =
        new ScriptedDestination(
            script, b -> ScriptedDestination.http(b, aResponse().withStatus(200).withBody("ok")));
    SlackSink sink =
        SlackSink.builder()
            .webhookUrl(Secret.of(d.url(PATH)))
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();
    return d.underTest(sink);
  }

  @Override
  protected boolean destinationReceivesIdempotencyKey() {
    return false; // Slack incoming webhooks have no idempotency key
  }

  @Override
  protected Set<String> secrets() {
    return Set.of("conformanceSecretPart");
  }
}
