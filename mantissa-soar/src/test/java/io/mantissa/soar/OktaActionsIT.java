package io.mantissa.soar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import io.mantissa.spi.response.ResponseAction;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Okta actions against WireMock: the requests are checked against the Okta Management API
 * documentation (Users, User Lifecycle, User Sessions, User Grants and User OAuth 2.0 token
 * operations): method, path, query, {@code Authorization: SSWS} header and empty bodies.
 */
class OktaActionsIT {
  private static final String TOKEN = "00okta-api-token-abcdefghijklmnop";
  private static final String ID = "00ub0oNGTSWTBKOLGLNR";
  private static final String LOGIN = "isaac.brock@example.com";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  /** The "Get a user" example of the Okta Users API, with a chosen status. */
  private static String user(String status) {
    return """
        {
          "id": "%s",
          "status": "%s",
          "created": "2013-06-24T16:39:18.000Z",
          "activated": "2013-06-24T16:39:19.000Z",
          "statusChanged": "2013-06-24T16:39:19.000Z",
          "lastLogin": "2013-06-24T17:39:19.000Z",
          "lastUpdated": "2013-07-02T21:36:25.344Z",
          "passwordChanged": "2013-07-02T21:36:25.344Z",
          "profile": {
            "firstName": "Isaac",
            "lastName": "Brock",
            "email": "%s",
            "login": "%s",
            "mobilePhone": "555-415-1337"
          },
          "credentials": {"password": {}, "provider": {"type": "OKTA", "name": "OKTA"}},
          "_links": {"self": {"href": "https://example.okta.com/api/v1/users/%s"}}
        }
        """
        .formatted(ID, status, LOGIN, LOGIN, ID);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String error(String code, String summary) {
    return """
        {"errorCode": "%s", "errorSummary": "%s", "errorLink": "%s",
         "errorId": "oaeHfmOAx1iRLa0H10DeMz5fQ", "errorCauses": []}
        """
        .formatted(code, summary, code);
  }

  private OktaActions okta() {
    return OktaActions.builder()
        .url(server.loopbackUrl("/"))
        .apiToken(Secret.of(TOKEN))
        .clock(clock)
        .allowPrivateAddresses(true)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  private static ActionRequest request(String action, String user) {
    return new ActionRequest(action, Entity.user(user), Map.of(), "key-1");
  }

  private static ActionRequest request(String action, String user, Map<String, String> params) {
    return new ActionRequest(action, Entity.user(user), params, "key-1");
  }

  private void stubUser(String status) {
    server.stubFor(get(urlEqualTo("/api/v1/users/" + LOGIN)).willReturn(json(200, user(status))));
  }

  /** Every request carried the SSWS token, asked for JSON and had no body. */
  private void assertEveryRequestIsAuthenticated() {
    for (LoggedRequest r : server.findAll(anyRequestedFor(anyUrl()))) {
      assertThat(r.getHeader("Authorization")).isEqualTo("SSWS " + TOKEN);
      assertThat(r.getHeader("Accept")).isEqualTo("application/json");
      assertThat(r.getBodyAsString()).isEmpty();
    }
  }

  @Test
  void suspendLooksTheUserUpByLoginThenSuspendsItById() {
    stubUser("ACTIVE");
    server.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend")).willReturn(json(200, "{}")));

    ActionResult r = okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN));

    assertThat(r)
        .isEqualTo(
            new ActionResult.Done("okta: suspended user " + ID + " (" + LOGIN + ") (was ACTIVE)"));
    server.verify(1, getRequestedFor(urlEqualTo("/api/v1/users/" + LOGIN)));
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend"))
            .withHeader("Content-Type", absent()));
    assertEveryRequestIsAuthenticated();
  }

  @Test
  void anAlreadySuspendedUserIsDoneWithoutALifecycleCall() {
    stubUser("SUSPENDED");

    ActionResult r = okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN));

    assertThat(r).isInstanceOf(ActionResult.Done.class);
    assertThat(((ActionResult.Done) r).detail()).contains("already suspended");
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void suspendingAUserWhoIsNotActiveIsAPermanentFailureWithOktasSummary() {
    stubUser("STAGED");
    server.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend"))
            .willReturn(
                json(
                    400,
                    error(
                        "E0000001",
                        "Api validation failed: Cannot suspend a user that is not active"))));

    ActionResult r = okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN));

    assertThat(r).isInstanceOf(ActionResult.PermanentFailure.class);
    assertThat(((ActionResult.PermanentFailure) r).reason())
        .contains("HTTP 400", "E0000001", "Cannot suspend a user that is not active")
        .doesNotContain(TOKEN);
  }

  @Test
  void clearSessionsRevokesOAuthTokensByDefault() {
    stubUser("ACTIVE");
    server.stubFor(
        delete(urlEqualTo("/api/v1/users/" + ID + "/sessions?oauthTokens=true"))
            .willReturn(aResponse().withStatus(204)));

    ActionResult r = okta().clearSessions().execute(request(OktaActions.CLEAR_SESSIONS, LOGIN));

    assertThat(r).isInstanceOf(ActionResult.Done.class);
    assertThat(((ActionResult.Done) r).detail()).contains("revoked its OAuth tokens");
    server.verify(
        1, deleteRequestedFor(urlEqualTo("/api/v1/users/" + ID + "/sessions?oauthTokens=true")));
    assertEveryRequestIsAuthenticated();
  }

  @Test
  void clearSessionsCanKeepOAuthTokensAndTakesAnOktaIdAsTarget() {
    server.stubFor(get(urlEqualTo("/api/v1/users/" + ID)).willReturn(json(200, user("ACTIVE"))));
    server.stubFor(
        delete(urlEqualTo("/api/v1/users/" + ID + "/sessions?oauthTokens=false"))
            .willReturn(aResponse().withStatus(204)));

    ActionResult r =
        okta()
            .clearSessions()
            .execute(request(OktaActions.CLEAR_SESSIONS, ID, Map.of("oauth_tokens", "false")));

    assertThat(r).isInstanceOf(ActionResult.Done.class);
    server.verify(
        1, deleteRequestedFor(urlEqualTo("/api/v1/users/" + ID + "/sessions?oauthTokens=false")));
  }

  @Test
  void revokeTokensRevokesEachClientsTokensThenAllGrants() {
    stubUser("ACTIVE");
    server.stubFor(
        get(urlEqualTo("/api/v1/users/" + ID + "/clients"))
            .willReturn(
                json(
                    200,
                    """
                    [
                      {"client_id": "0oabskvc6442nkvQO0h7", "client_name": "My App",
                       "client_uri": null, "logo_uri": null,
                       "_links": {"grants": {"href": "https://example.okta.com/api/v1/users/%s/clients/0oabskvc6442nkvQO0h7/grants"}}},
                      {"client_id": "0oa1gs0b2kcMoLDzY0h8", "client_name": "Other App",
                       "client_uri": null, "logo_uri": null, "_links": {}}
                    ]
                    """
                        .formatted(ID))));
    for (String client : new String[] {"0oabskvc6442nkvQO0h7", "0oa1gs0b2kcMoLDzY0h8"}) {
      server.stubFor(
          delete(urlEqualTo("/api/v1/users/" + ID + "/clients/" + client + "/tokens"))
              .willReturn(aResponse().withStatus(204)));
    }
    server.stubFor(
        delete(urlEqualTo("/api/v1/users/" + ID + "/grants"))
            .willReturn(aResponse().withStatus(204)));

    ActionResult r = okta().revokeTokens().execute(request(OktaActions.REVOKE_TOKENS, LOGIN));

    assertThat(r).isInstanceOf(ActionResult.Done.class);
    assertThat(((ActionResult.Done) r).detail())
        .contains("2 client(s)", "0oabskvc6442nkvQO0h7", "all its grants");
    server.verify(
        1,
        deleteRequestedFor(
            urlEqualTo("/api/v1/users/" + ID + "/clients/0oa1gs0b2kcMoLDzY0h8/tokens")));
    server.verify(1, deleteRequestedFor(urlEqualTo("/api/v1/users/" + ID + "/grants")));
    assertEveryRequestIsAuthenticated();
  }

  @Test
  void expirePasswordAndResetPassword() {
    stubUser("ACTIVE");
    server.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/expire_password"))
            .willReturn(json(200, user("PASSWORD_EXPIRED"))));
    server.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/reset_password?sendEmail=true"))
            .willReturn(json(200, "{}")));
    OktaActions okta = okta();

    assertThat(okta.expirePassword().execute(request(OktaActions.EXPIRE_PASSWORD, LOGIN)))
        .isInstanceOf(ActionResult.Done.class);
    assertThat(okta.resetPassword().execute(request(OktaActions.RESET_PASSWORD, LOGIN)))
        .isInstanceOf(ActionResult.Done.class);
    server.verify(
        1, postRequestedFor(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/expire_password")));
    server.verify(
        1,
        postRequestedFor(
            urlEqualTo("/api/v1/users/" + ID + "/lifecycle/reset_password?sendEmail=true")));
    assertEveryRequestIsAuthenticated();
  }

  @Test
  void anAlreadyExpiredPasswordIsDoneWithoutALifecycleCall() {
    stubUser("PASSWORD_EXPIRED");

    ActionResult r = okta().expirePassword().execute(request(OktaActions.EXPIRE_PASSWORD, LOGIN));

    assertThat(((ActionResult.Done) r).detail()).contains("already expired");
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void anUnknownUserIsAPermanentFailureAndNothingIsChanged() {
    server.stubFor(
        get(urlEqualTo("/api/v1/users/nobody@example.com"))
            .willReturn(
                json(
                    404,
                    error(
                        "E0000007", "Not found: Resource not found: nobody@example.com (User)"))));

    ActionResult r =
        okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, "nobody@example.com"));

    assertThat(r).isInstanceOf(ActionResult.PermanentFailure.class);
    assertThat(((ActionResult.PermanentFailure) r).reason())
        .contains("not found (HTTP 404)", "E0000007", "nobody@example.com");
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void rateLimitIsRetryableWithOktasResetTimeAsHint() {
    stubUser("ACTIVE");
    long reset = clock.instant().plusSeconds(42).getEpochSecond();
    server.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend"))
            .willReturn(
                json(
                        429,
                        error("E0000047", "API call exceeded rate limit due to too many requests."))
                    .withHeader("X-Rate-Limit-Limit", "600")
                    .withHeader("X-Rate-Limit-Remaining", "0")
                    .withHeader("X-Rate-Limit-Reset", Long.toString(reset))));

    ActionResult r = okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN));

    assertThat(r).isInstanceOf(ActionResult.RetryableFailure.class);
    String reason = ((ActionResult.RetryableFailure) r).reason();
    assertThat(reason).contains("rate limited (HTTP 429)", "E0000047", "retry after 42 s");
    assertThat(ActionHttp.hinted(reason)).contains(Duration.ofSeconds(42));
  }

  @Test
  void retryAfterWinsOverTheResetHeader() {
    server.stubFor(
        get(urlEqualTo("/api/v1/users/" + LOGIN))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5")));

    ActionResult r = okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN));

    assertThat(((ActionResult.RetryableFailure) r).reason()).contains("retry after 5 s");
  }

  @Test
  void serverErrorsAndTimeoutsAreRetryable() {
    stubUser("ACTIVE");
    server.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend"))
            .willReturn(json(500, error("E0000009", "Internal Server Error"))));
    assertThat(okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN)))
        .isInstanceOf(ActionResult.RetryableFailure.class);

    server.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend"))
            .willReturn(json(200, "{}").withFixedDelay(1_500)));
    OktaActions impatient =
        OktaActions.builder()
            .url(server.loopbackUrl(""))
            .apiToken(Secret.of(TOKEN))
            .allowPrivateAddresses(true)
            .timeout(Duration.ofMillis(300))
            .build();
    ActionResult slow = impatient.suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN));
    assertThat(slow).isInstanceOf(ActionResult.RetryableFailure.class);
    assertThat(((ActionResult.RetryableFailure) slow).reason()).contains("timed out");
  }

  @Test
  void aRejectedTokenIsPermanent() {
    server.stubFor(
        get(urlEqualTo("/api/v1/users/" + LOGIN))
            .willReturn(json(401, error("E0000011", "Invalid token provided"))));

    ActionResult r = okta().suspendUser().execute(request(OktaActions.SUSPEND_USER, LOGIN));

    assertThat(((ActionResult.PermanentFailure) r).reason())
        .contains("credentials were rejected (HTTP 401)", "E0000011")
        .doesNotContain(TOKEN);
  }

  @Test
  void privateAndPlainHttpEndpointsAreRefusedUnlessAllowed() {
    stubUser("ACTIVE");
    ResponseAction plainHttp =
        OktaActions.builder()
            .url(server.loopbackUrl(""))
            .apiToken(Secret.of(TOKEN))
            .build()
            .suspendUser();
    ResponseAction loopbackHttps =
        OktaActions.builder()
            .url("https://127.0.0.1:" + server.port())
            .apiToken(Secret.of(TOKEN))
            .build()
            .suspendUser();

    ActionResult a = plainHttp.execute(request(OktaActions.SUSPEND_USER, LOGIN));
    ActionResult b = loopbackHttps.execute(request(OktaActions.SUSPEND_USER, LOGIN));

    assertThat(((ActionResult.PermanentFailure) a).reason()).contains("only https");
    assertThat(((ActionResult.PermanentFailure) b).reason())
        .contains("private, loopback or link-local");
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void requestsForOtherActionsOrNonUsersAreRefused() {
    OktaActions okta = okta();
    assertThat(okta.suspendUser().execute(request(OktaActions.CLEAR_SESSIONS, LOGIN)))
        .isInstanceOf(ActionResult.PermanentFailure.class);
    assertThat(
            okta.suspendUser()
                .execute(
                    new ActionRequest(
                        OktaActions.SUSPEND_USER, Entity.ip("203.0.113.7"), Map.of(), "k")))
        .isInstanceOf(ActionResult.PermanentFailure.class);
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void theTokenIsInNoToString() {
    OktaActions okta = okta();
    assertThat(okta.toString()).doesNotContain(TOKEN);
    okta.all().forEach(a -> assertThat(a.toString()).doesNotContain(TOKEN));
    assertThat(okta.all())
        .extracting(ResponseAction::name)
        .containsExactly(
            OktaActions.CLEAR_SESSIONS,
            OktaActions.REVOKE_TOKENS,
            OktaActions.SUSPEND_USER,
            OktaActions.EXPIRE_PASSWORD,
            OktaActions.RESET_PASSWORD);
  }
}
