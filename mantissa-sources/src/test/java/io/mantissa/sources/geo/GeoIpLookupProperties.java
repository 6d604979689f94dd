package io.mantissa.sources.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.spi.enrich.GeoLocation;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class GeoIpLookupProperties {
  private static Path dir;
  private static MaxMindGeoIpLookup lookup;

  @BeforeContainer
  static void open() throws Exception {
    dir = Files.createTempDirectory("geoip-props");
    lookup =
        MaxMindGeoIpLookup.open(
            GeoDatabases.writeCity(dir, "GeoLite2-City"), GeoDatabases.writeAsn(dir));
  }

  @AfterContainer
  static void close() throws Exception {
    lookup.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Provide
  Arbitrary<String> addresses() {
    Arbitrary<String> v4 =
        Arbitraries.bytes().array(byte[].class).ofSize(4).map(GeoIpLookupProperties::text);
    Arbitrary<String> v6 =
        Arbitraries.bytes().array(byte[].class).ofSize(16).map(GeoIpLookupProperties::text);
    Arbitrary<String> nearLondon = Arbitraries.integers().between(0, 255).map(i -> "81.2.69." + i);
    Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(60);
    return Arbitraries.oneOf(v4, v6, nearLondon, junk);
  }

  private static String text(byte[] b) {
    try {
      return InetAddress.getByAddress(b).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Property(tries = 2000)
  void randomAddressesNeverThrowAndOnlyPublicOnesAreLocated(@ForAll("addresses") String ip) {
    Optional<GeoLocation> found = lookup.lookup(ip);
    if (found.isPresent()) {
      assertThat(IpScope.parse(ip).map(IpScope::of)).contains(IpScope.PUBLIC);
    }
    if (ip.startsWith("81.2.69.")) {
      assertThat(found.orElseThrow().city()).isEqualTo("London");
    }
  }
}
