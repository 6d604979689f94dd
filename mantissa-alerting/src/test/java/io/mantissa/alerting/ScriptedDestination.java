package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.testkit.AlertSinkConformance.ReceivedDelivery;
import io.mantissa.testkit.AlertSinkConformance.SinkUnderTest;
import io.mantissa.testkit.DestinationBehaviour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A WireMock server on loopback that answers its n-th request with the n-th behaviour of a script
 * (the last repeating), for the sink conformance suites. An all-{@code UNREACHABLE} script gives a
 * closed loopback port instead.
 */
final class ScriptedDestination implements AutoCloseable {
  private final WireMockServer server;
  private final int port;

  ScriptedDestination(
      List<DestinationBehaviour> script,
      Function<DestinationBehaviour, ResponseDefinitionBuilder> answers) {
    if (script.contains(DestinationBehaviour.UNREACHABLE)) {
      server = null;
      port = closedPort();
      return;
    }
    server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    port = server.port();
    for (int i = 0; i < script.size(); i++) {
      String state = i == 0 ? Scenario.STARTED : "step-" + i;
      var stub = any(anyUrl()).inScenario("script").whenScenarioStateIs(state);
      if (i < script.size() - 1) {
        stub = stub.willSetStateTo("step-" + (i + 1));
      }
      server.stubFor(stub.willReturn(answers.apply(script.get(i))));
    }
  }

  /** The usual HTTP answers: 200, 429 with Retry-After 7, 503, 400. */
  static ResponseDefinitionBuilder http(DestinationBehaviour b, ResponseDefinitionBuilder ok) {
    return switch (b) {
      case ACCEPT -> ok;
      case RATE_LIMITED ->
          aResponse()
              .withStatus(429)
              .withHeader(
                  "Retry-After", Long.toString(DestinationBehaviour.RETRY_AFTER.toSeconds()))
              .withBody("rate limited");
      case SERVER_ERROR -> aResponse().withStatus(503).withBody("unavailable");
      case REJECTED -> aResponse().withStatus(400).withBody("invalid_payload");
      case UNREACHABLE -> throw new IllegalArgumentException("unreachable has no answer");
    };
  }

  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Requests received, oldest first. */
  List<LoggedRequest> requests() {
    if (server == null) {
      return List.of();
    }
    List<LoggedRequest> out = new ArrayList<>();
    server.getAllServeEvents().forEach(e -> out.add(e.getRequest()));
    Collections.reverse(out);
    return out;
  }

  List<ReceivedDelivery> received(Function<LoggedRequest, Optional<String>> key) {
    return requests().stream()
        .map(r -> new ReceivedDelivery(key.apply(r), r.getBodyAsString()))
        .toList();
  }

  /**
   * What the conformance suite tests: {@code sink} sending here, with what arrived (the idempotency
   * key of each request found by {@code key}); closing it stops this destination.
   */
  SinkUnderTest underTest(AlertSink sink, Function<LoggedRequest, Optional<String>> key) {
    return new SinkUnderTest() {
      @Override
      public AlertSink sink() {
        return sink;
      }

      @Override
      public List<ReceivedDelivery> received() {
        return ScriptedDestination.this.received(key);
      }

      @Override
      public void close() {
        ScriptedDestination.this.close();
      }
    };
  }

  /** {@link #underTest(AlertSink, Function)} for destinations that receive no idempotency key. */
  SinkUnderTest underTest(AlertSink sink) {
    return underTest(sink, r -> Optional.empty());
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}
