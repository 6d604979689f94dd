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
 * The outcome of an Entra ID sign-in from its status: {@code 0} and {@code Success} succeed, an
 * error code or {@code Failure} fails, an empty result is unknown (the outside check over Panther's
 * Azure tests found {@code Success} read as a failure), and its location as Entra records it.
 */
class EntraSignInOutcomeTest {
  private final SourceCatalog catalog = SourceCatalog.builtIn();

  @ParameterizedTest
  @CsvSource({
    "0,Success",
    "Success,Success",
    "SUCCESS,Success",
    "50126,Failure",
    "Failure,Failure"
  })
  void theResultTypeGivesTheOutcome(String resultType, String status) {
    assertThat(status(resultType)).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource({"''"})
  void anEmptyResultTypeIsNoOutcome(String resultType) {
    assertThat(status(resultType)).isNotIn("Success", "Failure");
  }

  private Object status(String resultType) {
    Event e =
        JsonEventParserTest.single(
            catalog
                .parser(
                    "entra_signin", ProviderContext.of(MantissaConfig.defaults(), "entra_signin"))
                .parse(
                    """
                    {"time":"2026-03-02T09:00:00.0000000Z","category":"SignInLogs",\
                    "operationName":"Sign-in activity","resultType":"%s",\
                    "callerIpAddress":"45.40.0.9","properties":{"id":"s-1",\
                    "userPrincipalName":"alice@example.com","ipAddress":"45.40.0.9"}}"""
                        .formatted(resultType),
                    JsonEventParserTest.AT));
    return e.normalizedField(FieldPath.of("status"));
  }

  @Test
  void theRealSampleKeepsEntrasOwnLocation() throws Exception {
    String first =
        java.nio.file.Files.readAllLines(SampleFiles.sample("entra_signin/test-signinlogs-raw.log"))
            .get(0);
    Event e =
        JsonEventParserTest.single(
            catalog
                .parser(
                    "entra_signin", ProviderContext.of(MantissaConfig.defaults(), "entra_signin"))
                .parse(first, JsonEventParserTest.AT));
    assertThat(e.normalizedField(FieldPath.of("src_endpoint.location.country"))).isEqualTo("FR");
    assertThat(e.normalizedField(FieldPath.of("src_endpoint.location.city")))
        .isEqualTo("Champs-Sur-Marne");
    assertThat(e.normalizedField(FieldPath.of("src_endpoint.location.region")))
        .isEqualTo("Seine-Et-Marne");
    assertThat(e.normalizedField(FieldPath.of("src_endpoint.location.lat"))).isEqualTo(48.12341234);
    assertThat(e.normalizedField(FieldPath.of("src_endpoint.location.long"))).isEqualTo(2.12341234);
  }
}
