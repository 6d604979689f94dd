package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import org.junit.jupiter.api.Test;

/**
 * The session, token and device fields of Entra ID sign-ins (diagnostic settings and Graph shapes)
 * as OCSF: {@code session.uid} ({@code sessionId}), {@code session.uid_alt} ({@code
 * uniqueTokenIdentifier}), {@code authentication_token.type} / {@code type_id} ({@code
 * incomingTokenType}, {@code none} left out) and {@code device.uid} / {@code is_managed} / {@code
 * is_compliant} ({@code deviceDetail}).
 */
class EntraSignInTokenFieldsTest {
  private final SourceCatalog catalog = SourceCatalog.builtIn();

  private Event parse(String record) {
    return JsonEventParserTest.single(
        catalog
            .parser("entra_signin", ProviderContext.of(MantissaConfig.defaults(), "entra_signin"))
            .parse(record, JsonEventParserTest.AT));
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  @Test
  void nonInteractiveRefreshTokenSignInCarriesSessionTokenAndNoDevice() {
    Event e =
        parse(
            """
            {"time":"2026-03-02T09:00:00.0000000Z","category":"NonInteractiveUserSignInLogs",\
            "operationName":"Sign-in activity","resultType":"0","callerIpAddress":"45.40.0.9",\
            "properties":{"id":"s-1","createdDateTime":"2026-03-02T09:00:00Z",\
            "userPrincipalName":"alice@example.com","userId":"u-1","ipAddress":"45.40.0.9",\
            "appDisplayName":"Microsoft Graph","isInteractive":false,\
            "sessionId":"5f2c6a2e-0a4b-4c59-9f1c-3c1f8e0f1a77",\
            "uniqueTokenIdentifier":"q3Yp0sdlVEaW4cJ2kR8xAA",\
            "incomingTokenType":"refreshToken","originalTransferMethod":"none",\
            "tokenProtectionStatusDetails":{"signInSessionStatus":"unbound"},\
            "status":{"errorCode":0},\
            "deviceDetail":{"deviceId":"","displayName":"","operatingSystem":"Windows10",\
            "browser":"Chrome 124.0.0","isCompliant":false,"isManaged":false,"trustType":""}}}""");
    assertThat(n(e, "class_uid")).isEqualTo(3002);
    assertThat(n(e, "session.uid")).isEqualTo("5f2c6a2e-0a4b-4c59-9f1c-3c1f8e0f1a77");
    assertThat(n(e, "session.uid_alt")).isEqualTo("q3Yp0sdlVEaW4cJ2kR8xAA");
    assertThat(n(e, "authentication_token.type")).isEqualTo("refreshToken");
    assertThat(n(e, "authentication_token.type_id")).isEqualTo(4);
    assertThat(n(e, "device.uid")).isNull();
    assertThat(n(e, "device.is_managed")).isEqualTo(false);
    assertThat(n(e, "device.is_compliant")).isEqualTo(false);
  }

  @Test
  void interactiveGraphSignInOnARegisteredDeviceHasNoIncomingToken() {
    Event e =
        parse(
            """
            {"id":"s-2","createdDateTime":"2026-03-02T08:00:00Z",\
            "userPrincipalName":"alice@example.com","userId":"u-1","ipAddress":"81.10.0.5",\
            "appDisplayName":"OfficeHome","isInteractive":true,\
            "sessionId":"5f2c6a2e-0a4b-4c59-9f1c-3c1f8e0f1a77",\
            "uniqueTokenIdentifier":"Zm9vYmFyYmF6cXV4MDAwMQ","incomingTokenType":"none",\
            "status":{"errorCode":0},\
            "deviceDetail":{"deviceId":"2b9e6f1c-7d3a-4e1b-9a55-1f0c2d3e4f50",\
            "displayName":"ALICE-LT","operatingSystem":"Windows10","browser":"Edge 124.0.0",\
            "isCompliant":true,"isManaged":true,"trustType":"Azure AD joined"}}""");
    assertThat(n(e, "session.uid")).isEqualTo("5f2c6a2e-0a4b-4c59-9f1c-3c1f8e0f1a77");
    assertThat(n(e, "authentication_token")).isNull();
    assertThat(n(e, "device.uid")).isEqualTo("2b9e6f1c-7d3a-4e1b-9a55-1f0c2d3e4f50");
    assertThat(n(e, "device.is_managed")).isEqualTo(true);
    assertThat(n(e, "device.is_compliant")).isEqualTo(true);
  }

  @Test
  void primaryRefreshTokenIsAnOtherTokenType() {
    Event e =
        parse(
            """
            {"id":"s-3","createdDateTime":"2026-03-02T08:20:00Z",\
            "userPrincipalName":"alice@example.com","ipAddress":"81.10.0.5",\
            "incomingTokenType":"primaryRefreshToken","status":{"errorCode":0}}""");
    assertThat(n(e, "authentication_token.type")).isEqualTo("primaryRefreshToken");
    assertThat(n(e, "authentication_token.type_id")).isEqualTo(99);
    assertThat(n(e, "session.uid")).isNull();
  }
}
