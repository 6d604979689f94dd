package io.mantissa.soar;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock server on a free loopback port, started before each test and stopped after it.
 * Register it as an instance field with {@code @RegisterExtension}.
 */
final class LoopbackWireMock extends WireMockServer
    implements BeforeEachCallback, AfterEachCallback {
  LoopbackWireMock() {
    super(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
  }

  /** The URL of {@code path} on this server, by loopback address. */
  String loopbackUrl(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stop();
  }
}
