package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
      })
  void internalAddressesAreRefused(String literal) throws Exception {
    assertThat(DestinationGuard.isInternal(InetAddress.getByName(literal))).isTrue();
    String host = literal.contains(":") ? "[" + literal + "]" : literal;
    assertThat(DestinationGuard.check(URI.create("https://" + host + "/hook"), false))
        .isInstanceOf(DestinationGuard.Verdict.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.113.7", "8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
  void publicAddressesAreAllowed(String literal) throws Exception {
    assertThat(DestinationGuard.isInternal(InetAddress.getByName(literal))).isFalse();
    String host = literal.contains(":") ? "[" + literal + "]" : literal;
    assertThat(DestinationGuard.check(URI.create("https://" + host + "/hook"), false))
        .isInstanceOf(DestinationGuard.Verdict.Allowed.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://203.0.113.7/hook", "ftp://203.0.113.7/x", "https:///nohost"})
  void onlyHttpsWithAHost(String url) {
    assertThat(DestinationGuard.check(URI.create(url), false))
        .isInstanceOf(DestinationGuard.Verdict.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://10.0.0.1/hook"})
  void theAllowanceLetsInternalDestinationsThrough(String url) {
    assertThat(DestinationGuard.check(URI.create(url), true))
        .isInstanceOf(DestinationGuard.Verdict.Allowed.class);
  }
}
