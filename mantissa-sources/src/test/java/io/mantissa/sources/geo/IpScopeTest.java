package io.mantissa.sources.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpScopeTest {

  @ParameterizedTest
  @CsvSource({
    "10.1.2.3, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "172.32.0.1, PUBLIC",
    "192.168.1.1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "100.128.0.1, PUBLIC",
    "127.0.0.1, LOOPBACK",
    "169.254.169.254, LINK_LOCAL",
    "192.0.2.1, DOCUMENTATION",
    "198.51.100.1, DOCUMENTATION",
    "203.0.113.9, DOCUMENTATION",
    "224.0.0.1, MULTICAST",
    "0.0.0.0, RESERVED",
    "255.255.255.255, RESERVED",
    "198.18.0.1, RESERVED",
    "81.2.69.160, PUBLIC",
    "'::1', LOOPBACK",
    "'::', RESERVED",
    "'fe80::1', LINK_LOCAL",
    "'fd12:3456::1', PRIVATE",
    "'ff02::1', MULTICAST",
    "'2001:db8::1', DOCUMENTATION",
    "'2a00:1450:4001:800::200e', PUBLIC",
    "'::ffff:10.0.0.1', PRIVATE",
    "'::ffff:81.2.69.160', PUBLIC",
    "'[2a00:1450::1]', PUBLIC",
    "'fe80::1%eth0', LINK_LOCAL"
  })
  void classifiesAddresses(String ip, IpScope expected) {
    InetAddress address = IpScope.parse(ip).orElseThrow();
    assertThat(IpScope.of(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1..2.3",
        "1.2.3.4 x",
        "01234.1.1.1",
        "::g",
        "1:2:3:4:5:6:7:8:9",
        "-1.2.3.4"
      })
  void rejectsWhatIsNotAnIpLiteralWithoutResolvingIt(String text) {
    assertThat(IpScope.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"LINK_LOCAL, link-local", "PRIVATE, private", "DOCUMENTATION, documentation"})
  void labels(IpScope scope, String label) {
    assertThat(scope.label()).isEqualTo(label);
  }
}
