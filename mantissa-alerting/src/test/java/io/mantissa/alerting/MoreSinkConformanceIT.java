package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import io.mantissa.api.config.Secret;
import io.mantissa.testkit.AlertSinkConformance;
import io.mantissa.testkit.DestinationBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;

/** The testkit's sink conformance suite for Teams, Jira and ServiceNow. */
class MoreSinkConformanceIT {

  abstract static class HttpConformance extends AlertSinkConformance {
    abstract com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok();

    abstract io.mantissa.spi.alert.AlertSink sink(Function<String, String> url);

    @Override
    protected SinkUnderTest newSink(List<DestinationBehaviour> script) {
      ScriptedDestination d =
          new ScriptedDestination(script, b -> ScriptedDestination.http(b, ok()));
      io.mantissa.spi.alert.AlertSink sink = sink(d::url);
      return d.underTest(sink);
    }

    @Override
    protected boolean destinationReceivesIdempotencyKey() {
      return false; // none of these APIs takes one
    }

    @Override
    protected Set<String> secrets() {
      return Set.of("conformance-secret-value");
    }
  }

  @Nested
  class Teams extends HttpConformance {
    @Override
    com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok() {
      return aResponse().withStatus(202);
    }

    @Override
    io.mantissa.spi.alert.AlertSink sink(Function<String, String> url) {
      return TeamsSink.builder()
          .webhookUrl(Secret.of(url.apply("/hook/conformance-secret-value")))
          .allowPrivateAddresses(true)
          .timeout(Duration.ofSeconds(20))
          .build();
    }
  }

  @Nested
  class Jira extends HttpConformance {
    @Override
    com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok() {
      return aResponse().withStatus(201).withBody("{\"id\":\"1\",\"key\":\"SEC-1\"}");
    }

    @Override
    io.mantissa.spi.alert.AlertSink sink(Function<String, String> url) {
      return JiraSink.builder()
          .url(url.apply(""))
          .email("bot@example.com")
          .apiToken(Secret.of("conformance-secret-value"))
          .projectKey("SEC")
          .allowPrivateAddresses(true)
          .timeout(Duration.ofSeconds(20))
          .build();
    }
  }

  @Nested
  class ServiceNow extends HttpConformance {
    @Override
    com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok() {
      return aResponse().withStatus(201).withBody("{\"result\":{\"number\":\"INC0000001\"}}");
    }

    @Override
    io.mantissa.spi.alert.AlertSink sink(Function<String, String> url) {
      return ServiceNowSink.builder()
          .url(url.apply(""))
          .user("bot")
          .password(Secret.of("conformance-secret-value"))
          .allowPrivateAddresses(true)
          .timeout(Duration.ofSeconds(20))
          .build();
    }
  }
}
