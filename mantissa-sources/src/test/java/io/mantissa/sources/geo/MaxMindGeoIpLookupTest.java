package io.mantissa.sources.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.geoip2.DatabaseReader;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoIpLookupProvider;
import io.mantissa.spi.enrich.GeoLocation;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaxMindGeoIpLookupTest {
  @TempDir Path dir;

  private MaxMindGeoIpLookup open(String type, boolean withAsn) throws Exception {
    return MaxMindGeoIpLookup.open(
        GeoDatabases.writeCity(dir, type), withAsn ? GeoDatabases.writeAsn(dir) : null);
  }

  @Test
  void findsCountryCityCoordinatesAndAsnOfAKnownAddress() throws Exception {
    try (MaxMindGeoIpLookup lookup = open("GeoLite2-City", true)) {
      GeoLocation g = lookup.lookup(GeoDatabases.LONDON).orElseThrow();
      assertThat(g.countryIsoCode()).isEqualTo("GB");
      assertThat(g.city()).isEqualTo("London");
      assertThat(g.latitude()).isEqualTo(51.5142);
      assertThat(g.longitude()).isEqualTo(-0.0931);
      assertThat(g.asn()).isEqualTo(20_712);
      assertThat(g.asOrganization()).isEqualTo("Andrews & Arnold Ltd");
    }
  }

  @Test
  void findsIpv6AndIpv4MappedAddresses() throws Exception {
    try (MaxMindGeoIpLookup lookup = open("GeoLite2-City", true)) {
      GeoLocation v6 = lookup.lookup(GeoDatabases.FRANKFURT_V6).orElseThrow();
      assertThat(v6.countryIsoCode()).isEqualTo("DE");
      assertThat(v6.city()).isEqualTo("Frankfurt am Main");
      assertThat(v6.asn()).isEqualTo(15_169);
      assertThat(lookup.lookup("::ffff:81.2.69.160").orElseThrow().city()).isEqualTo("London");
    }
  }

  @Test
  void readsADbIpLiteCityDatabaseWithoutAsn() throws Exception {
    try (MaxMindGeoIpLookup lookup = open("DBIP-City-Lite", false)) {
      GeoLocation g = lookup.lookup(GeoDatabases.LONDON).orElseThrow();
      assertThat(g.city()).isEqualTo("London");
      assertThat(g.asn()).isZero();
      assertThat(g.asOrganization()).isEmpty();
      GeoLocation countryOnly = lookup.lookup(GeoDatabases.COUNTRY_ONLY).orElseThrow();
      assertThat(countryOnly.countryIsoCode()).isEqualTo("US");
      assertThat(countryOnly.city()).isEmpty();
    }
  }

  @Test
  void anUnknownAddressOrNonAddressGivesNothing() throws Exception {
    try (MaxMindGeoIpLookup lookup = open("GeoLite2-City", true)) {
      assertThat(lookup.lookup(GeoDatabases.UNKNOWN)).isEmpty();
      assertThat(lookup.lookup("2606:4700::1111")).isEmpty();
      assertThat(lookup.lookup("example.com")).isEmpty();
      assertThat(lookup.lookup("81.2.69")).isEmpty();
      assertThat(lookup.lookup("")).isEmpty();
      assertThat(lookup.lookup(null)).isEmpty();
    }
  }

  @Test
  void privateAndReservedAddressesAreNotLookedUpEvenWhenTheDatabaseHasThem() throws Exception {
    // The databases hold records for these ranges; read directly, they are found.
    Path cityDb = GeoDatabases.writeCity(dir, "GeoLite2-City");
    try (DatabaseReader raw = new DatabaseReader.Builder(cityDb.toFile()).build()) {
      assertThat(raw.city(InetAddress.getByName("203.0.113.7")).getCity().getName())
          .isEqualTo("Sydney");
      assertThat(raw.city(InetAddress.getByName("10.1.2.3")).getCity().getName())
          .isEqualTo("Nowhere");
    }
    try (MaxMindGeoIpLookup lookup = open("GeoLite2-City", true)) {
      // 10.0.0.0/8, 203.0.113.0/24 and 198.51.100.0/24 have records in the test databases.
      for (String ip :
          new String[] {
            "10.1.2.3", "192.168.1.1", "127.0.0.1", "fe80::1", "203.0.113.7", "198.51.100.1", "::1"
          }) {
        assertThat(lookup.lookup(ip)).as(ip).isEmpty();
      }
    }
  }

  @Test
  void aMissingFileIsAConfigurationErrorNamingThePathAndWhereToGetADatabase() {
    Path missing = dir.resolve("GeoLite2-City.mmdb");
    assertThatThrownBy(() -> MaxMindGeoIpLookup.open(missing, null))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("GeoLite2")
        .hasMessageContaining("dbip-city-lite");
  }

  @Test
  void aFileThatIsNoDatabaseOrTheWrongKindIsAConfigurationError() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a db", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MaxMindGeoIpLookup.open(junk, null))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining(junk.toString());
    Path asn = GeoDatabases.writeAsn(dir);
    assertThatThrownBy(() -> MaxMindGeoIpLookup.open(asn, null))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("GeoLite2-ASN");
    Path city = GeoDatabases.writeCity(dir, "GeoLite2-City");
    assertThatThrownBy(() -> MaxMindGeoIpLookup.open(city, dir.resolve("nope.mmdb")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("nope.mmdb");
  }

  @Test
  void theMaxmindProviderIsFoundAndConfiguredFromItsSettings() throws Exception {
    Path city = GeoDatabases.writeCity(dir, "GeoLite2-City");
    Path asn = GeoDatabases.writeAsn(dir);
    GeoIpLookupProvider provider =
        ServiceLoader.load(GeoIpLookupProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("maxmind"))
            .findFirst()
            .orElseThrow();
    MantissaConfig config = MantissaConfig.defaults();
    GeoIpLookup lookup =
        provider.create(
            new ProviderContext(
                config,
                Clock.systemUTC(),
                Map.of("city-db", city.toString(), "asn-db", asn.toString())));
    try {
      assertThat(lookup.lookup(GeoDatabases.LONDON).orElseThrow().asn()).isEqualTo(20_712);
    } finally {
      ((MaxMindGeoIpLookup) lookup).close();
    }
    assertThatThrownBy(
            () -> provider.create(new ProviderContext(config, Clock.systemUTC(), Map.of())))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("city-db");
  }
}
