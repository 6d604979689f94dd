package io.mantissa.soar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.Entity;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.testkit.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entra ID actions against WireMock, checked against the Microsoft Graph v1.0 documentation (user:
 * revokeSignInSessions, Update user with accountEnabled and passwordProfile) and the Microsoft
 * identity platform's client-credentials grant.
 */
class EntraActionsIT {
  private static final String TENANT = "contoso.onmicrosoft.com";
  private static final String CLIENT_ID = "11111111-2222-3333-4444-555555555555";
  private static final String CLIENT_SECRET = "qWgdYAmab0YSkuL1qKv5bPX";
  private static final String GRAPH_TOKEN =
      "eyJ0eXAiOiJKV1QiLCJub25jZSI6IkFRQUJBQUFBQUFCbmZpRy.graph";
  private static final String UPN = "adele.vance@contoso.com";
  private static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String graphError(String code, String message) {
    return """
        {"error": {"code": "%s", "message": "%s",
          "innerError": {"date": "2026-01-01T00:00:00", "request-id": "9f7b1e34-5a0b-4c33-8f7e-1b2c3d4e5f60",
                         "client-request-id": "9f7b1e34-5a0b-4c33-8f7e-1b2c3d4e5f60"}}}
        """
        .formatted(code, message);
  }

  private void stubToken() {
    server.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .willReturn(
                json(
                    200,
                    """
                    {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                     "access_token": "%s"}
                    """
                        .formatted(GRAPH_TOKEN))));
  }

  private EntraActions entra() {
    return EntraActions.builder()
        .url(server.loopbackUrl(""))
        .loginUrl(server.loopbackUrl(""))
        .clientCredentials(TENANT, CLIENT_ID, Secret.of(CLIENT_SECRET))
        .clock(clock)
        .allowPrivateAddresses(true)
        .build();
  }

  private static ActionRequest request(String action, Map<String, String> params) {
    return new ActionRequest(action, Entity.user(UPN), params, "key-1");
  }

  private static Map<String, String> form(LoggedRequest r) {
    return Arrays.stream(r.getBodyAsString().split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  @Test
  void revokeSessionsWithAClientCredentialsTokenThatIsCached() {
    stubToken();
    server.stubFor(
        post(urlEqualTo("/v1.0/users/" + UPN + "/revokeSignInSessions"))
            .willReturn(
                json(
                    200,
                    """
                    {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean",
                     "value": true}
                    """)));
    EntraActions entra = entra();

    ActionResult first =
        entra.revokeSessions().execute(request(EntraActions.REVOKE_SESSIONS, Map.of()));
    ActionResult second =
        entra.revokeSessions().execute(request(EntraActions.REVOKE_SESSIONS, Map.of()));

    assertThat(first)
        .isEqualTo(
            new ActionResult.Done(
                "entra: revoked the sign-in sessions and refresh tokens of " + UPN));
    assertThat(second).isInstanceOf(ActionResult.Done.class);
    server.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    LoggedRequest token = server.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).get(0);
    assertThat(token.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(form(token))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "client_id",
                CLIENT_ID,
                "client_secret",
                CLIENT_SECRET,
                "scope",
                server.loopbackUrl("") + "/.default",
                "grant_type",
                "client_credentials"));
    server.verify(
        2,
        postRequestedFor(urlEqualTo("/v1.0/users/" + UPN + "/revokeSignInSessions"))
            .withHeader("Authorization", equalTo("Bearer " + GRAPH_TOKEN)));
    assertThat(
            server.findAll(
                postRequestedFor(urlEqualTo("/v1.0/users/" + UPN + "/revokeSignInSessions"))))
        .allSatisfy(
            r -> {
              assertThat(r.getBodyAsString()).isEmpty();
              assertThat(r.getHeader("Authorization")).doesNotContain(CLIENT_SECRET);
            });
  }

  @Test
  void disableSetsAccountEnabledFalse() {
    stubToken();
    server.stubFor(patch(urlEqualTo("/v1.0/users/" + UPN)).willReturn(aResponse().withStatus(204)));

    ActionResult r = entra().disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));

    assertThat(r).isEqualTo(new ActionResult.Done("entra: disabled the account of " + UPN));
    server.verify(
        1,
        patchRequestedFor(urlEqualTo("/v1.0/users/" + UPN))
            .withHeader("Authorization", equalTo("Bearer " + GRAPH_TOKEN))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"accountEnabled\": false}")));
  }

  @Test
  void forcePasswordResetPatchesThePasswordProfile() {
    stubToken();
    server.stubFor(patch(urlEqualTo("/v1.0/users/" + UPN)).willReturn(aResponse().withStatus(204)));
    EntraActions entra = entra();

    assertThat(
            entra
                .forcePasswordReset()
                .execute(request(EntraActions.FORCE_PASSWORD_RESET, Map.of())))
        .isInstanceOf(ActionResult.Done.class);
    assertThat(
            entra
                .forcePasswordReset()
                .execute(request(EntraActions.FORCE_PASSWORD_RESET, Map.of("with_mfa", "true"))))
        .isInstanceOf(ActionResult.Done.class);

    server.verify(
        1,
        patchRequestedFor(urlEqualTo("/v1.0/users/" + UPN))
            .withRequestBody(
                equalToJson("{\"passwordProfile\": {\"forceChangePasswordNextSignIn\": true}}")));
    server.verify(
        1,
        patchRequestedFor(urlEqualTo("/v1.0/users/" + UPN))
            .withRequestBody(
                equalToJson(
                    "{\"passwordProfile\": {\"forceChangePasswordNextSignIn\": true,"
                        + " \"forceChangePasswordNextSignInWithMfa\": true}}")));
  }

  @Test
  void anUnknownUserIsPermanentWithGraphsCode() {
    stubToken();
    server.stubFor(
        post(urlEqualTo("/v1.0/users/nobody@contoso.com/revokeSignInSessions"))
            .willReturn(
                json(
                    404,
                    graphError(
                        "Request_ResourceNotFound",
                        "Resource 'nobody@contoso.com' does not exist or one of its queried"
                            + " reference-property objects are not present."))));

    ActionResult r =
        entra()
            .revokeSessions()
            .execute(
                new ActionRequest(
                    EntraActions.REVOKE_SESSIONS,
                    Entity.user("nobody@contoso.com"),
                    Map.of(),
                    "k"));

    assertThat(((ActionResult.PermanentFailure) r).reason())
        .contains("not found (HTTP 404)", "Request_ResourceNotFound", "nobody@contoso.com");
  }

  @Test
  void throttlingIsRetryableWithRetryAfter() {
    stubToken();
    server.stubFor(
        patch(urlEqualTo("/v1.0/users/" + UPN))
            .willReturn(
                json(
                        429,
                        graphError("TooManyRequests", "Too many requests, please try again later."))
                    .withHeader("Retry-After", "7")));

    ActionResult r = entra().disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));

    assertThat(((ActionResult.RetryableFailure) r).reason())
        .contains("rate limited (HTTP 429)", "TooManyRequests", "retry after 7 s");
  }

  @Test
  void serviceUnavailableIsRetryableAndForbiddenIsPermanent() {
    stubToken();
    server.stubFor(
        patch(urlEqualTo("/v1.0/users/" + UPN))
            .willReturn(json(503, graphError("serviceNotAvailable", "Service unavailable"))));
    assertThat(entra().disableUser().execute(request(EntraActions.DISABLE_USER, Map.of())))
        .isInstanceOf(ActionResult.RetryableFailure.class);

    server.stubFor(
        patch(urlEqualTo("/v1.0/users/" + UPN))
            .willReturn(
                json(
                    403,
                    graphError(
                        "Authorization_RequestDenied",
                        "Insufficient privileges to complete the operation."))));
    ActionResult denied =
        entra().disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));
    assertThat(((ActionResult.PermanentFailure) denied).reason())
        .contains("not allowed (HTTP 403)", "Authorization_RequestDenied", "permissions");
  }

  @Test
  void aRejectedTokenIsForgottenAndANewOneIsFetchedOnTheNextAttempt() {
    stubToken();
    server.stubFor(
        patch(urlEqualTo("/v1.0/users/" + UPN))
            .willReturn(
                json(401, graphError("InvalidAuthenticationToken", "Access token has expired."))));
    EntraActions entra = entra();

    ActionResult r = entra.disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));
    entra.disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));

    assertThat(((ActionResult.RetryableFailure) r).reason()).contains("HTTP 401");
    server.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  @Test
  void anExpiringTokenIsRenewed() {
    stubToken();
    server.stubFor(patch(urlEqualTo("/v1.0/users/" + UPN)).willReturn(aResponse().withStatus(204)));
    EntraActions entra = entra();

    entra.disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));
    clock.advance(Duration.ofMinutes(54)); // 3599 s token, renewed 5 min before: still good
    entra.disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));
    server.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    clock.advance(Duration.ofMinutes(1));
    entra.disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));
    server.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  @Test
  void aRejectedClientSecretIsPermanentAndNeverInTheReason() {
    server.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .willReturn(
                json(
                    401,
                    """
                    {"error": "invalid_client",
                     "error_description": "AADSTS7000215: Invalid client secret provided.",
                     "error_codes": [7000215]}
                    """)));

    ActionResult r = entra().disableUser().execute(request(EntraActions.DISABLE_USER, Map.of()));

    assertThat(((ActionResult.PermanentFailure) r).reason())
        .contains("get an access token", "invalid_client", "AADSTS7000215")
        .doesNotContain(CLIENT_SECRET);
    server.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void aFixedAccessTokenIsUsedAsIs() {
    server.stubFor(patch(urlEqualTo("/v1.0/users/" + UPN)).willReturn(aResponse().withStatus(204)));
    EntraActions entra =
        EntraActions.builder()
            .url(server.loopbackUrl(""))
            .accessToken(Secret.of(GRAPH_TOKEN))
            .allowPrivateAddresses(true)
            .build();

    assertThat(entra.disableUser().execute(request(EntraActions.DISABLE_USER, Map.of())))
        .isInstanceOf(ActionResult.Done.class);
    server.verify(1, anyRequestedFor(anyUrl()));
    server.verify(
        patchRequestedFor(urlEqualTo("/v1.0/users/" + UPN))
            .withHeader("Authorization", equalTo("Bearer " + GRAPH_TOKEN)));
    assertThat(entra.toString()).doesNotContain(GRAPH_TOKEN);
    assertThat(entra().toString()).doesNotContain(CLIENT_SECRET);
  }
}
