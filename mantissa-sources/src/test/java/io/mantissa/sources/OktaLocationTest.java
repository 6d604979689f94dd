package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Okta's own client location ({@code client.geographicalContext}) and network ({@code
 * securityContext}) as OCSF {@code src_endpoint.location.*} and {@code autonomous_system}, with the
 * country name as its ISO code.
 */
class OktaLocationTest {
  private final SourceCatalog catalog = SourceCatalog.builtIn();

  private Event parse(String record) {
    return JsonEventParserTest.single(
        catalog
            .parser("okta", ProviderContext.of(MantissaConfig.defaults(), "okta"))
            .parse(record, JsonEventParserTest.AT));
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  @Test
  void aSignInKeepsOktasLocationAndNetwork() {
    Event e =
        parse(
            """
            {"uuid":"u-1","published":"2026-02-28T12:46:57.690Z","eventType":"user.session.start",\
            "actor":{"id":"00u1","type":"User","alternateId":"carol@acme.example",\
            "displayName":"Carol"},"outcome":{"result":"SUCCESS"},\
            "client":{"ipAddress":"203.0.113.10","geographicalContext":{"city":"London",\
            "state":"England","country":"United Kingdom",\
            "geolocation":{"lat":51.5226,"lon":-0.0825}}},\
            "securityContext":{"asNumber":64496,"asOrg":"example telecom"}}""");
    assertThat(n(e, "src_endpoint.location.country")).isEqualTo("GB");
    assertThat(n(e, "src_endpoint.location.region")).isEqualTo("England");
    assertThat(n(e, "src_endpoint.location.city")).isEqualTo("London");
    assertThat(n(e, "src_endpoint.location.lat")).isEqualTo(51.5226);
    assertThat(n(e, "src_endpoint.location.long")).isEqualTo(-0.0825);
    assertThat(n(e, "src_endpoint.autonomous_system.number")).isEqualTo(64496L);
    assertThat(n(e, "src_endpoint.autonomous_system.name")).isEqualTo("example telecom");
  }

  @Test
  void anEventWithoutContextHasNoLocation() {
    Event e =
        parse(
            """
            {"uuid":"u-2","published":"2026-02-28T12:46:57.690Z","eventType":"user.session.start",\
            "actor":{"id":"00u1","alternateId":"carol@acme.example"},"outcome":{"result":"FAILURE"},\
            "client":{"ipAddress":"203.0.113.10","geographicalContext":null},\
            "securityContext":{"asNumber":null}}""");
    assertThat(n(e, "src_endpoint.location.country")).isNull();
    assertThat(n(e, "src_endpoint.autonomous_system.number")).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "United States, US",
    "united kingdom, GB",
    "Germany, DE",
    "US, US",
    " gb , GB",
    "Atlantis, ",
    "'', "
  })
  void countryNamesAndCodesBecomeCodes(String text, String code) {
    assertThat(CountryCodes.of(text)).isEqualTo(code);
  }
}
