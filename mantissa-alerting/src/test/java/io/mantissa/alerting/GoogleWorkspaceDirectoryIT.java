package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.enrich.DirectoryUser;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Google Workspace client (Admin SDK Directory API) against WireMock. */
class GoogleWorkspaceDirectoryIT {
  private static final String TOKEN = "ya29.a0AfB_byC-fixed-token";

  /** users.get of the Directory API reference (a user resource), trimmed of unused fields. */
  private static final String USER =
      """
      {
        "kind": "admin#directory#user",
        "id": "103456789012345678901",
        "etag": "\\"abc123\\"",
        "primaryEmail": "liz@example.com",
        "name": {"givenName": "Elizabeth", "familyName": "Smith", "fullName": "Elizabeth Smith"},
        "isAdmin": true,
        "isDelegatedAdmin": false,
        "lastLoginTime": "2025-12-30T17:42:11.000Z",
        "creationTime": "2019-03-04T09:15:00.000Z",
        "agreedToTerms": true,
        "suspended": false,
        "archived": false,
        "changePasswordAtNextLogin": false,
        "ipWhitelisted": false,
        "emails": [{"address": "liz@example.com", "primary": true}],
        "relations": [
          {"value": "sam@example.com", "type": "assistant"},
          {"value": "boss@example.com", "type": "manager"}
        ],
        "organizations": [
          {"name": "Example Corp", "title": "Volunteer", "department": "Charity", "primary": false},
          {"name": "Example Corp", "title": "Security Engineer", "primary": true,
           "customType": "", "department": "Security", "costCenter": "CC-42"}
        ],
        "customerId": "C03az79cb",
        "orgUnitPath": "/Engineering/Security",
        "isMailboxSetup": true,
        "includeInGlobalAddressList": true
      }
      """;

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }

  private GoogleWorkspaceDirectoryLookup fixedToken() {
    return GoogleWorkspaceDirectoryLookup.builder()
        .url(server.loopbackUrl(""))
        .accessToken(Secret.of(TOKEN))
        .clock(clock)
        .allowPrivateAddresses(true)
        .build();
  }

  private void stubGroups() {
    String groups = "/admin/directory/v1/groups?userKey=103456789012345678901&maxResults=200";
    server.stubFor(
        get(urlEqualTo(groups))
            .willReturn(
                json(
                    200,
                    """
                    {"kind": "admin#directory#groups", "etag": "\\"e1\\"",
                     "groups": [
                       {"kind": "admin#directory#group", "id": "03x8tuzt3hqdv5v",
                        "etag": "\\"g1\\"", "email": "security@example.com",
                        "name": "Security Team", "directMembersCount": "12",
                        "description": "Security engineering", "adminCreated": true},
                       {"kind": "admin#directory#group", "id": "01d96cc04bwbp3u",
                        "email": "admins@example.com", "name": "",
                        "directMembersCount": "3", "adminCreated": true}
                     ],
                     "nextPageToken": "Cg4zNDU2Nzg5MDEyMzQ1"}
                    """)));
    server.stubFor(
        get(urlEqualTo(groups + "&pageToken=Cg4zNDU2Nzg5MDEyMzQ1"))
            .willReturn(
                json(
                    200,
                    """
                    {"kind": "admin#directory#groups",
                     "groups": [{"kind": "admin#directory#group", "id": "02",
                                 "email": "everyone@example.com", "name": "Everyone"}]}
                    """)));
  }

  @Test
  void userOrganizationManagerAttributesAndGroupsAcrossPages() {
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/liz@example.com")).willReturn(json(200, USER)));
    stubGroups();

    DirectoryUser user = fixedToken().lookup("liz@example.com").orElseThrow();

    assertThat(user)
        .isEqualTo(
            new DirectoryUser(
                "liz@example.com",
                "Elizabeth Smith",
                "Security",
                "Security Engineer",
                "boss@example.com",
                List.of("Security Team", "admins@example.com", "Everyone"),
                Map.of(
                    "org_unit", "/Engineering/Security",
                    "is_admin", "true",
                    "is_delegated_admin", "false",
                    "suspended", "false",
                    "last_login", "2025-12-30T17:42:11.000Z",
                    "created", "2019-03-04T09:15:00.000Z")));
    server.verify(
        getRequestedFor(urlEqualTo("/admin/directory/v1/users/liz@example.com"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Accept", equalTo("application/json")));
    server.verify(
        getRequestedFor(urlPathEqualTo("/admin/directory/v1/groups"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    server.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void neverLoggedInAndMissingOrganizationsGiveEmptyFields() {
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/new@example.com"))
            .willReturn(
                json(
                    200,
                    """
                    {"kind": "admin#directory#user", "id": "7", "primaryEmail": "new@example.com",
                     "name": {"fullName": "New Hire"}, "isAdmin": false, "suspended": true,
                     "lastLoginTime": "1970-01-01T00:00:00.000Z",
                     "creationTime": "2026-01-01T00:00:00.000Z", "orgUnitPath": "/"}
                    """)));
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/groups?userKey=7&maxResults=200"))
            .willReturn(json(200, "{\"kind\": \"admin#directory#groups\"}")));

    DirectoryUser user = fixedToken().lookup("new@example.com").orElseThrow();

    assertThat(user.department()).isEmpty();
    assertThat(user.manager()).isEmpty();
    assertThat(user.groups()).isEmpty();
    assertThat(user.attributes())
        .containsEntry("last_login", "never")
        .containsEntry("suspended", "true")
        .containsEntry("org_unit", "/");
  }

  @Test
  void notFoundIsUnknownForbiddenAndGroupOutagesAreUnavailable() {
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/ghost@example.com"))
            .willReturn(
                json(
                    404,
                    """
                    {"error": {"code": 404, "message": "Resource Not Found: userKey",
                      "errors": [{"message": "Resource Not Found: userKey",
                                  "domain": "global", "reason": "notFound"}]}}
                    """)));
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/other@example.org"))
            .willReturn(
                json(
                    403,
                    """
                    {"error": {"code": 403, "message": "Not Authorized to access this resource/api",
                      "errors": [{"message": "Not Authorized to access this resource/api",
                                  "domain": "global", "reason": "forbidden"}]}}
                    """)));
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/liz@example.com")).willReturn(json(200, USER)));
    server.stubFor(
        get(urlPathEqualTo("/admin/directory/v1/groups")).willReturn(aResponse().withStatus(503)));
    GoogleWorkspaceDirectoryLookup lookup = fixedToken();

    assertThat(lookup.find("ghost@example.com")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("other@example.org")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("liz@example.com")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.toString()).doesNotContain(TOKEN);
  }

  @Test
  void rateLimitPausesTheClient() {
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/liz@example.com"))
            .willReturn(
                json(
                        429,
                        """
                        {"error": {"code": 429, "message": "Quota exceeded for quota metric
                          'Queries' and limit 'Queries per minute per user'",
                          "status": "RESOURCE_EXHAUSTED"}}
                        """)
                    .withHeader("Retry-After", "20")));
    GoogleWorkspaceDirectoryLookup lookup = fixedToken();

    assertThat(lookup.find("liz@example.com")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("liz@example.com")).isInstanceOf(LookupResult.Unavailable.class);
    server.verify(1, anyRequestedFor(anyUrl()));
    clock.advance(Duration.ofSeconds(20));
    lookup.find("liz@example.com");
    server.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void serviceAccountAssertionWithDelegationIsExchangedCachedAndRenewedAfterA401()
      throws Exception {
    TestServiceAccount account = new TestServiceAccount(server.loopbackUrl("/token"));
    server.stubFor(
        post(urlEqualTo("/token"))
            .inScenario("tokens")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(
                json(
                    200,
                    "{\"access_token\": \"ya29.first\", \"expires_in\": 3599,"
                        + " \"token_type\": \"Bearer\"}"))
            .willSetStateTo("second"));
    server.stubFor(
        post(urlEqualTo("/token"))
            .inScenario("tokens")
            .whenScenarioStateIs("second")
            .willReturn(
                json(
                    200,
                    "{\"access_token\": \"ya29.second\", \"expires_in\": 3599,"
                        + " \"token_type\": \"Bearer\"}")));
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/ghost@example.com"))
            .withHeader("Authorization", equalTo("Bearer ya29.first"))
            .willReturn(json(404, "{\"error\": {\"code\": 404}}")));
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/expired@example.com"))
            .willReturn(
                json(401, "{\"error\": {\"code\": 401, \"status\": \"UNAUTHENTICATED\"}}")));
    server.stubFor(
        get(urlEqualTo("/admin/directory/v1/users/ghost@example.com"))
            .withHeader("Authorization", equalTo("Bearer ya29.second"))
            .willReturn(json(404, "{\"error\": {\"code\": 404}}")));
    GoogleWorkspaceDirectoryLookup lookup =
        GoogleWorkspaceDirectoryLookup.builder()
            .url(server.loopbackUrl(""))
            .serviceAccountKey(account.keyFile(), "admin@example.com")
            .clock(clock)
            .allowPrivateAddresses(true)
            .build();

    assertThat(lookup.find("ghost@example.com")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("ghost@example.com")).isEqualTo(new LookupResult.Unknown<>());
    server.verify(1, postRequestedFor(urlEqualTo("/token")));
    LoggedRequest tokenRequest = server.findAll(postRequestedFor(urlEqualTo("/token"))).get(0);
    assertThat(tokenRequest.getHeader("Content-Type"))
        .isEqualTo("application/x-www-form-urlencoded");
    JsonNode claims = account.checkForm(tokenRequest.getBodyAsString());
    assertThat(claims.path("sub").asText()).isEqualTo("admin@example.com");
    assertThat(claims.path("scope").asText())
        .isEqualTo(
            "https://www.googleapis.com/auth/admin.directory.user.readonly"
                + " https://www.googleapis.com/auth/admin.directory.group.readonly");
    assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());

    assertThat(lookup.find("expired@example.com")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("ghost@example.com")).isEqualTo(new LookupResult.Unknown<>());
    server.verify(2, postRequestedFor(urlEqualTo("/token")));
    assertThat(lookup.toString()).doesNotContain("ya29", "PRIVATE");
  }

  @Test
  void aTokenEndpointRefusalIsUnavailableAndNoDirectoryRequestIsMade() {
    TestServiceAccount account = new TestServiceAccount(server.loopbackUrl("/token"));
    server.stubFor(
        post(urlEqualTo("/token"))
            .willReturn(
                json(
                    401,
                    "{\"error\": \"unauthorized_client\", \"error_description\": \"Client is"
                        + " unauthorized to retrieve access tokens using this method, or client"
                        + " not authorized for any of the scopes requested.\"}")));
    GoogleWorkspaceDirectoryLookup lookup =
        GoogleWorkspaceDirectoryLookup.builder()
            .url(server.loopbackUrl(""))
            .serviceAccountKey(account.keyFile(), "admin@example.com")
            .clock(clock)
            .allowPrivateAddresses(true)
            .build();

    LookupResult<DirectoryUser> r = lookup.find("liz@example.com");

    assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(((LookupResult.Unavailable<DirectoryUser>) r).reason())
        .contains("rejected the credentials (HTTP 401)")
        .doesNotContain("PRIVATE KEY");
    server.verify(0, getRequestedFor(anyUrl()));
  }
}
