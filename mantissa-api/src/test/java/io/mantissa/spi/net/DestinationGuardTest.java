package io.mantissa.spi.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
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
        "192.0.0.8",
        "198.18.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fec0::1",
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
    // literals are classified without DNS, so configuration-time checks catch them too
    assertThat(
            DestinationGuard.check(
                URI.create("https://" + host + "/hook"), false, DestinationGuard.LITERALS_ONLY))
        .isInstanceOf(DestinationGuard.Verdict.Refused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.113.7", "8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
  void publicAddressesAreAllowed(String literal) throws Exception {
    assertThat(DestinationGuard.isInternal(InetAddress.getByName(literal))).isFalse();
    String host = literal.contains(":") ? "[" + literal + "]" : literal;
    assertThat(DestinationGuard.check(URI.create("https://" + host + "/hook"), false))
        .isInstanceOf(DestinationGuard.Verdict.Allowed.class);
    assertThat(
            DestinationGuard.check(
                URI.create("https://" + host + "/hook"), false, DestinationGuard.LITERALS_ONLY))
        .isInstanceOf(DestinationGuard.Verdict.Allowed.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://203.0.113.7/hook", "ftp://203.0.113.7/x", "https:///nohost"})
  void onlyHttpsWithAHost(String url) {
    assertThat(DestinationGuard.check(URI.create(url), false))
        .isInstanceOf(DestinationGuard.Verdict.Refused.class);
  }

  @Test
  void theRefusalSaysWhyAndHowToAllowIt() {
    assertThat(DestinationGuard.check(URI.create("http://203.0.113.7/hook"), false))
        .isEqualTo(
            new DestinationGuard.Verdict.Refused(
                "only https destinations are allowed, not 'http'"
                    + " (http only with allow-private-addresses)"));
    assertThat(DestinationGuard.check(URI.create("https://10.0.0.1/hook"), false))
        .isEqualTo(
            new DestinationGuard.Verdict.Refused(
                "10.0.0.1 resolves to a private, loopback or link-local address; not allowed"
                    + " (allow-private-addresses is off)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://10.0.0.1/hook"})
  void theAllowanceLetsInternalDestinationsThrough(String url) {
    assertThat(DestinationGuard.check(URI.create(url), true))
        .isInstanceOf(DestinationGuard.Verdict.Allowed.class);
  }

  @Test
  void everyResolvedAddressIsChecked() {
    DestinationGuard.Resolver oneInternal =
        host ->
            new InetAddress[] {
              InetAddress.getByAddress(host, new byte[] {8, 8, 8, 8}),
              InetAddress.getByAddress(
                  host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})
            };
    assertThat(
            DestinationGuard.check(URI.create("https://hooks.example.com/x"), false, oneInternal))
        .isInstanceOf(DestinationGuard.Verdict.Refused.class);
    DestinationGuard.Resolver allPublic =
        host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {8, 8, 4, 4})};
    assertThat(DestinationGuard.check(URI.create("https://hooks.example.com/x"), false, allPublic))
        .isInstanceOf(DestinationGuard.Verdict.Allowed.class);
  }

  @Test
  void aNameThatDoesNotResolveMayPassLater() {
    DestinationGuard.Resolver none =
        host -> {
          throw new UnknownHostException(host);
        };
    assertThat(DestinationGuard.check(URI.create("https://hooks.example.com/x"), false, none))
        .isEqualTo(new DestinationGuard.Verdict.Unresolved("cannot resolve hooks.example.com"));
    assertThat(
            DestinationGuard.check(
                URI.create("https://hooks.example.com/x"), false, DestinationGuard.LITERALS_ONLY))
        .isInstanceOf(DestinationGuard.Verdict.Unresolved.class);
    // not an address, so a name: never looked up by the literal-only resolver
    assertThat(DestinationGuard.checkHost("999.1.1.1", false, DestinationGuard.LITERALS_ONLY))
        .isInstanceOf(DestinationGuard.Verdict.Unresolved.class);
  }

  @Test
  void hostsWithoutAUrlAreCheckedAlone() {
    assertThat(DestinationGuard.checkHost("", false))
        .isEqualTo(new DestinationGuard.Verdict.Refused("destination has no host"));
    assertThat(DestinationGuard.checkHost("192.168.0.25", false, DestinationGuard.LITERALS_ONLY))
        .isInstanceOf(DestinationGuard.Verdict.Refused.class);
    assertThat(DestinationGuard.checkHost("192.168.0.25", true))
        .isInstanceOf(DestinationGuard.Verdict.Allowed.class);
  }
}
