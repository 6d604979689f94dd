package io.mantissa.soar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.GoogleServiceAccountJwt;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.testkit.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Google Workspace actions against WireMock, checked against the Admin SDK Directory API reference
 * (users.signOut, tokens.list, tokens.delete, users.update) and Google's OAuth 2.0 service-account
 * flow (JWT bearer grant with domain-wide delegation).
 */
class GoogleWorkspaceActionsIT {
  private static final String SA = "mantissa-soar@example-project.iam.gserviceaccount.com";
  private static final String ADMIN = "admin@example.com";
  private static final String USER = "liz@example.com";
  private static final String ACCESS = "ya29.a0AfB_byC-example-access-token";
  private static final String DIR = "/admin/directory/v1/users/" + USER;

  private static KeyPair keys;
  private static String pem;

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
    pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }

  private static String googleError(int code, String reason, String message) {
    return """
        {"error": {"code": %d, "message": "%s",
          "errors": [{"message": "%s", "domain": "global", "reason": "%s"}]}}
        """
        .formatted(code, message, message, reason);
  }

  private void stubToken() {
    server.stubFor(
        post(urlEqualTo("/token"))
            .willReturn(
                json(
                    200,
                    """
                    {"access_token": "%s", "expires_in": 3599, "token_type": "Bearer"}
                    """
                        .formatted(ACCESS))));
  }

  private GoogleWorkspaceActions google() {
    return GoogleWorkspaceActions.builder()
        .url(server.loopbackUrl(""))
        .tokenUrl(server.loopbackUrl("/token"))
        .serviceAccount(SA, Secret.of(pem), ADMIN)
        .clock(clock)
        .allowPrivateAddresses(true)
        .build();
  }

  private static ActionRequest request(String action) {
    return new ActionRequest(action, Entity.user(USER), Map.of(), "key-1");
  }

  private static Map<String, String> form(LoggedRequest r) {
    return Arrays.stream(r.getBodyAsString().split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  private void assertDirectoryCallsAreAuthorized() {
    for (LoggedRequest r : server.findAll(anyRequestedFor(anyUrl()))) {
      if (r.getUrl().startsWith("/admin/")) {
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + ACCESS);
      }
    }
  }

  @Test
  void signOutWithADelegatedServiceAccountToken() throws Exception {
    stubToken();
    server.stubFor(post(urlEqualTo(DIR + "/signOut")).willReturn(aResponse().withStatus(204)));

    ActionResult r = google().signOut().execute(request(GoogleWorkspaceActions.SIGN_OUT));

    assertThat(r)
        .isEqualTo(
            new ActionResult.Done("google_workspace: signed " + USER + " out of all sessions"));
    server.verify(1, postRequestedFor(urlEqualTo(DIR + "/signOut")));
    assertThat(
            server.findAll(postRequestedFor(urlEqualTo(DIR + "/signOut"))).get(0).getBodyAsString())
        .isEmpty();
    assertDirectoryCallsAreAuthorized();

    LoggedRequest token = server.findAll(postRequestedFor(urlEqualTo("/token"))).get(0);
    Map<String, String> form = form(token);
    assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] jwt = form.get("assertion").split("\\.");
    assertThat(jwt).hasSize(3);
    JsonNode header = ActionHttp.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[0]));
    JsonNode claims = ActionHttp.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[1]));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(claims.path("iss").asText()).isEqualTo(SA);
    assertThat(claims.path("sub").asText()).isEqualTo(ADMIN);
    assertThat(claims.path("aud").asText()).isEqualTo(server.loopbackUrl("/token"));
    assertThat(claims.path("scope").asText())
        .isEqualTo(
            "https://www.googleapis.com/auth/admin.directory.user"
                + " https://www.googleapis.com/auth/admin.directory.user.security");
    assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(claims.path("exp").asLong()).isEqualTo(clock.instant().getEpochSecond() + 3600);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.getPublic());
    rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
  }

  @Test
  void revokeTokensListsThenDeletesEachClientsToken() {
    stubToken();
    server.stubFor(
        get(urlEqualTo(DIR + "/tokens"))
            .willReturn(
                json(
                    200,
                    """
                    {"kind": "admin#directory#tokenList", "etag": "\\"abc\\"",
                     "items": [
                      {"kind": "admin#directory#token", "etag": "\\"e1\\"",
                       "clientId": "1234567890.apps.googleusercontent.com", "displayText": "Some App",
                       "anonymous": false, "nativeApp": false, "userKey": "115876543210987654321",
                       "scopes": ["https://www.googleapis.com/auth/drive.readonly"]},
                      {"kind": "admin#directory#token", "etag": "\\"e2\\"",
                       "clientId": "other-client/with slash", "displayText": "Other",
                       "anonymous": true, "nativeApp": true, "userKey": "115876543210987654321",
                       "scopes": ["email"]}
                     ]}
                    """)));
    server.stubFor(
        delete(urlEqualTo(DIR + "/tokens/1234567890.apps.googleusercontent.com"))
            .willReturn(aResponse().withStatus(204)));
    server.stubFor(
        delete(urlEqualTo(DIR + "/tokens/other-client%2Fwith%20slash"))
            .willReturn(json(404, googleError(404, "notFound", "Resource Not Found: clientId"))));

    ActionResult r = google().revokeTokens().execute(request(GoogleWorkspaceActions.REVOKE_TOKENS));

    assertThat(((ActionResult.Done) r).detail())
        .contains("revoked 2 OAuth token(s)", "1234567890.apps.googleusercontent.com");
    server.verify(
        1, deleteRequestedFor(urlEqualTo(DIR + "/tokens/1234567890.apps.googleusercontent.com")));
    server.verify(1, deleteRequestedFor(urlEqualTo(DIR + "/tokens/other-client%2Fwith%20slash")));
    assertDirectoryCallsAreAuthorized();
  }

  @Test
  void noTokensIsDone() {
    stubToken();
    server.stubFor(
        get(urlEqualTo(DIR + "/tokens"))
            .willReturn(json(200, "{\"kind\": \"admin#directory#tokenList\", \"etag\": \"x\"}")));

    ActionResult r = google().revokeTokens().execute(request(GoogleWorkspaceActions.REVOKE_TOKENS));

    assertThat(((ActionResult.Done) r).detail()).contains("revoked 0 OAuth token(s)");
    server.verify(0, deleteRequestedFor(anyUrl()));
  }

  @Test
  void suspendAndForcePasswordResetUpdateTheUser() {
    stubToken();
    server.stubFor(
        put(urlEqualTo(DIR))
            .withRequestBody(equalToJson("{\"suspended\": true}"))
            .willReturn(
                json(
                    200,
                    """
                    {"kind": "admin#directory#user", "id": "115876543210987654321",
                     "primaryEmail": "liz@example.com", "suspended": true,
                     "suspensionReason": "ADMIN", "changePasswordAtNextLogin": false}
                    """)));
    server.stubFor(
        put(urlEqualTo(DIR))
            .withRequestBody(equalToJson("{\"changePasswordAtNextLogin\": true}"))
            .willReturn(
                json(
                    200,
                    """
                    {"kind": "admin#directory#user", "id": "115876543210987654321",
                     "primaryEmail": "liz@example.com", "suspended": false,
                     "changePasswordAtNextLogin": true}
                    """)));
    GoogleWorkspaceActions google = google();

    assertThat(google.suspendUser().execute(request(GoogleWorkspaceActions.SUSPEND_USER)))
        .isEqualTo(new ActionResult.Done("google_workspace: suspended " + USER));
    assertThat(
            google
                .forcePasswordReset()
                .execute(request(GoogleWorkspaceActions.FORCE_PASSWORD_RESET)))
        .isInstanceOf(ActionResult.Done.class);
    server.verify(
        2,
        putRequestedFor(urlEqualTo(DIR)).withHeader("Content-Type", equalTo("application/json")));
    server.verify(1, postRequestedFor(urlEqualTo("/token"))); // cached
    assertDirectoryCallsAreAuthorized();
  }

  @Test
  void anUnknownUserIsPermanent() {
    stubToken();
    server.stubFor(
        put(urlEqualTo("/admin/directory/v1/users/ghost@example.com"))
            .willReturn(json(404, googleError(404, "notFound", "Resource Not Found: userKey"))));

    ActionResult r =
        google()
            .suspendUser()
            .execute(
                new ActionRequest(
                    GoogleWorkspaceActions.SUSPEND_USER,
                    Entity.user("ghost@example.com"),
                    Map.of(),
                    "k"));

    assertThat(((ActionResult.PermanentFailure) r).reason())
        .contains("not found (HTTP 404)", "notFound", "Resource Not Found: userKey");
  }

  @Test
  void rateLimitsAreRetryableEvenAsA403() {
    stubToken();
    server.stubFor(
        post(urlEqualTo(DIR + "/signOut"))
            .willReturn(
                json(403, googleError(403, "userRateLimitExceeded", "User Rate Limit Exceeded"))));
    ActionResult r403 = google().signOut().execute(request(GoogleWorkspaceActions.SIGN_OUT));
    assertThat(((ActionResult.RetryableFailure) r403).reason())
        .contains("rate limited (HTTP 403)", "userRateLimitExceeded");

    server.stubFor(
        post(urlEqualTo(DIR + "/signOut"))
            .willReturn(
                json(429, googleError(429, "rateLimitExceeded", "Rate Limit Exceeded"))
                    .withHeader("Retry-After", "30")));
    ActionResult r429 = google().signOut().execute(request(GoogleWorkspaceActions.SIGN_OUT));
    assertThat(((ActionResult.RetryableFailure) r429).reason())
        .contains("HTTP 429", "retry after 30 s");

    server.stubFor(
        post(urlEqualTo(DIR + "/signOut"))
            .willReturn(json(500, googleError(500, "backendError", "Backend Error"))));
    assertThat(google().signOut().execute(request(GoogleWorkspaceActions.SIGN_OUT)))
        .isInstanceOf(ActionResult.RetryableFailure.class);

    server.stubFor(
        post(urlEqualTo(DIR + "/signOut"))
            .willReturn(
                json(
                    403,
                    googleError(403, "forbidden", "Not Authorized to access this resource/api"))));
    assertThat(google().signOut().execute(request(GoogleWorkspaceActions.SIGN_OUT)))
        .isInstanceOf(ActionResult.PermanentFailure.class);
  }

  @Test
  void delegationNotConfiguredIsPermanent() {
    server.stubFor(
        post(urlEqualTo("/token"))
            .willReturn(
                json(
                    401,
                    """
                    {"error": "unauthorized_client",
                     "error_description": "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}
                    """)));

    ActionResult r = google().signOut().execute(request(GoogleWorkspaceActions.SIGN_OUT));

    assertThat(((ActionResult.PermanentFailure) r).reason())
        .contains("get an access token", "unauthorized_client")
        .doesNotContain("PRIVATE KEY");
    server.verify(0, postRequestedFor(urlEqualTo(DIR + "/signOut")));
  }

  @Test
  void aFixedAccessTokenNeedsNoTokenEndpoint() {
    server.stubFor(post(urlEqualTo(DIR + "/signOut")).willReturn(aResponse().withStatus(204)));
    GoogleWorkspaceActions google =
        GoogleWorkspaceActions.builder()
            .url(server.loopbackUrl(""))
            .accessToken(Secret.of(ACCESS))
            .allowPrivateAddresses(true)
            .build();

    assertThat(google.signOut().execute(request(GoogleWorkspaceActions.SIGN_OUT)))
        .isInstanceOf(ActionResult.Done.class);
    server.verify(1, anyRequestedFor(anyUrl()));
    assertDirectoryCallsAreAuthorized();
    assertThat(google.toString()).doesNotContain(ACCESS);
  }

  @Test
  void anUnreadableKeyIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                GoogleWorkspaceActions.builder()
                    .serviceAccount(
                        SA,
                        Secret.of("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----"),
                        ADMIN)
                    .build())
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    assertThat(GoogleServiceAccountJwt.GRANT_TYPE)
        .isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
  }
}
