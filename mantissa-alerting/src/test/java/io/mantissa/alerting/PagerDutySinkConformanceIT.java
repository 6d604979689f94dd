package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import io.mantissa.api.config.Secret;
import io.mantissa.testkit.AlertSinkConformance;
import io.mantissa.testkit.DestinationBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Set;

class PagerDutySinkConformanceIT extends AlertSinkConformance {
  private static final String ROUTING_KEY = "R0UT1NGKEYc0nformance0000000000";

  @Override
  protected SinkUnderTest newSink(List<DestinationBehaviour> script) {
    ScriptedDestination d =
        new ScriptedDestination(
            script,
            b ->
                ScriptedDestination.http(
                    b,
                    aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"status\":\"success\",\"message\":\"Event processed\","
                                + "\"dedup_key\":\"k\"}")));
    PagerDutySink sink =
        PagerDutySink.builder()
            .url(d.url("/v2/enqueue"))
            .routingKey(Secret.of(ROUTING_KEY))
            .allowPrivateAddresses(true)
            .timeout(Duration.ofSeconds(20))
            .build();
    return d.underTest(sink);
  }

  /**
   * PagerDuty deduplicates on {@code dedup_key}, which is per alert ({@code mantissa-<id>}) so that
   * trigger, acknowledge and resolve meet in one incident; the per-delivery key has no place.
   */
  @Override
  protected boolean destinationReceivesIdempotencyKey() {
    return false;
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(ROUTING_KEY);
  }
}
