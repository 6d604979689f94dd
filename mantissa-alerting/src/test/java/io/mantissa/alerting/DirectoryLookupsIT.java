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

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.enrich.DirectoryUser;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Okta and Entra ID (Microsoft Graph) clients against WireMock replaying documented answers. */
class DirectoryLookupsIT {
  private static final String OKTA_TOKEN = "00okta-api-token-abcdef";
  private static final String GRAPH_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.graph.token";

  /** Okta Users API "Get User" example (developer.okta.com), with optional profile attributes. */
  private static final String OKTA_USER =
      """
      {
        "id": "00ub0oNGTSWTBKOLGLNR",
        "status": "ACTIVE",
        "created": "2013-06-24T16:39:18.000Z",
        "activated": "2013-06-24T16:39:19.000Z",
        "statusChanged": "2013-06-24T16:39:19.000Z",
        "lastLogin": "2013-06-24T17:39:19.000Z",
        "lastUpdated": "2013-07-02T21:36:25.344Z",
        "passwordChanged": "2013-07-02T21:36:25.344Z",
        "profile": {
          "firstName": "Isaac",
          "lastName": "Brock",
          "email": "isaac.brock@example.com",
          "login": "isaac.brock@example.com",
          "mobilePhone": "555-415-1337",
          "title": "Staff Engineer",
          "department": "Engineering",
          "managerId": "jane.doe@example.com",
          "manager": "Jane Doe"
        },
        "credentials": {
          "password": {},
          "recovery_question": {"question": "Who's a major player in the cowbell forest?"},
          "provider": {"type": "OKTA", "name": "OKTA"}
        },
        "_links": {
          "self": {"href": "https://example.okta.com/api/v1/users/00ub0oNGTSWTBKOLGLNR"}
        }
      }
      """;

  private static final String OKTA_GROUPS_1 =
      """
      [
        {"id": "00g1emaKYZTWRYYRRTSK", "created": "2015-02-06T10:11:28.000Z",
         "lastUpdated": "2015-10-05T19:16:43.000Z",
         "lastMembershipUpdated": "2015-11-28T19:15:32.000Z",
         "objectClass": ["okta:user_group"], "type": "OKTA_GROUP",
         "profile": {"name": "Engineering", "description": "All engineers"},
         "_links": {}},
        {"id": "00garwpuyxHaWOkdV0g4", "created": "2015-08-15T19:15:17.000Z",
         "objectClass": ["okta:windows_security_principal"], "type": "APP_GROUP",
         "profile": {"name": "Domain Admins", "description": "Domain administrators",
                     "windowsDomainQualifiedName": "EXAMPLE\\\\Domain Admins"},
         "_links": {}}
      ]
      """;

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  private final MutableClock clock = MutableClock.create();

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private OktaDirectoryLookup okta() {
    return OktaDirectoryLookup.builder()
        .url(server.loopbackUrl(""))
        .apiToken(Secret.of(OKTA_TOKEN))
        .clock(clock)
        .allowPrivateAddresses(true)
        .build();
  }

  private EntraDirectoryLookup entra() {
    return EntraDirectoryLookup.builder()
        .url(server.loopbackUrl(""))
        .accessToken(Secret.of(GRAPH_TOKEN))
        .clock(clock)
        .allowPrivateAddresses(true)
        .build();
  }

  @Test
  void oktaUserAndGroupsAcrossLinkPagesWithTheSswsToken() {
    server.stubFor(
        get(urlEqualTo("/api/v1/users/isaac.brock@example.com")).willReturn(json(200, OKTA_USER)));
    server.stubFor(
        get(urlEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/groups"))
            .willReturn(
                json(200, OKTA_GROUPS_1)
                    .withHeader(
                        "Link",
                        "<"
                            + server.loopbackUrl("/api/v1/users/00ub0oNGTSWTBKOLGLNR/groups")
                            + ">; rel=\"self\"")
                    .withHeader(
                        "Link",
                        "<"
                            + server.loopbackUrl(
                                "/api/v1/users/00ub0oNGTSWTBKOLGLNR/groups?after=00garwpuyxHaWOkdV0g4")
                            + ">; rel=\"next\"")));
    server.stubFor(
        get(urlEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/groups?after=00garwpuyxHaWOkdV0g4"))
            .willReturn(
                json(
                    200,
                    """
                    [{"id": "00g9", "type": "BUILT_IN", "objectClass": ["okta:user_group"],
                      "profile": {"name": "Everyone", "description": "All users"}}]
                    """)));

    DirectoryUser user = okta().lookup("isaac.brock@example.com").orElseThrow();

    assertThat(user)
        .isEqualTo(
            new DirectoryUser(
                "isaac.brock@example.com",
                "Isaac Brock",
                "Engineering",
                "Staff Engineer",
                "jane.doe@example.com",
                List.of("Engineering", "Domain Admins", "Everyone")));
    server.verify(
        getRequestedFor(urlEqualTo("/api/v1/users/isaac.brock@example.com"))
            .withHeader("Authorization", equalTo("SSWS " + OKTA_TOKEN))
            .withHeader("Accept", equalTo("application/json")));
    server.verify(
        getRequestedFor(urlEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/groups"))
            .withHeader("Authorization", equalTo("SSWS " + OKTA_TOKEN)));
    server.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void oktaNextLinksToAnotherOriginAreNotFollowed() {
    server.stubFor(get(urlEqualTo("/api/v1/users/isaac")).willReturn(json(200, OKTA_USER)));
    server.stubFor(
        get(urlEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/groups"))
            .willReturn(
                json(200, OKTA_GROUPS_1)
                    .withHeader("Link", "<https://attacker.example/steal?after=x>; rel=\"next\"")));

    DirectoryUser user = okta().lookup("isaac").orElseThrow();

    assertThat(user.identityKey()).isEqualTo("isaac.brock@example.com");
    assertThat(user.groups()).containsExactly("Engineering", "Domain Admins");
    server.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void oktaLoginsAreEscapedAsOnePathSegment() {
    server.stubFor(
        get(urlEqualTo("/api/v1/users/a%2F..%2Fb%20c@example.com"))
            .willReturn(
                json(
                    404,
                    """
                    {"errorCode": "E0000007", "errorSummary": "Not found: Resource not found:
                     a/../b c@example.com (User)", "errorLink": "E0000007",
                     "errorId": "oaeXYZ", "errorCauses": []}
                    """)));

    assertThat(okta().find("a/../b c@example.com")).isEqualTo(new LookupResult.Unknown<>());
    server.verify(1, getRequestedFor(urlEqualTo("/api/v1/users/a%2F..%2Fb%20c@example.com")));
  }

  @Test
  void okta429PausesUntilItsRateLimitResetAnd500IsUnavailable() {
    long reset = clock.instant().plusSeconds(30).getEpochSecond();
    server.stubFor(
        get(urlEqualTo("/api/v1/users/limited@example.com"))
            .willReturn(
                json(
                        429,
                        """
                        {"errorCode": "E0000047", "errorSummary": "API call exceeded rate limit
                         due to too many requests.", "errorLink": "E0000047",
                         "errorId": "sampleQPivGUj_ND5v78vbYWW", "errorCauses": []}
                        """)
                    .withHeader("X-Rate-Limit-Limit", "600")
                    .withHeader("X-Rate-Limit-Remaining", "0")
                    .withHeader("X-Rate-Limit-Reset", Long.toString(reset))));
    server.stubFor(
        get(urlEqualTo("/api/v1/users/broken@example.com"))
            .willReturn(aResponse().withStatus(500)));
    OktaDirectoryLookup lookup = okta();

    assertThat(lookup.find("broken@example.com")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("limited@example.com")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("broken@example.com")).isInstanceOf(LookupResult.Unavailable.class);
    server.verify(2, anyRequestedFor(anyUrl())); // the third was paused

    clock.advance(Duration.ofSeconds(30));
    lookup.find("broken@example.com");
    server.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void oktaGroupsFailingMakesTheWholeLookupUnavailable() {
    server.stubFor(get(urlEqualTo("/api/v1/users/isaac")).willReturn(json(200, OKTA_USER)));
    server.stubFor(
        get(urlEqualTo("/api/v1/users/00ub0oNGTSWTBKOLGLNR/groups"))
            .willReturn(aResponse().withStatus(503)));

    assertThat(okta().find("isaac")).isInstanceOf(LookupResult.Unavailable.class);
  }

  @Test
  void entraUserManagerAndMemberOfAcrossNextLinksWithTheBearerToken() {
    String userPath =
        "/v1.0/users/AdeleV@contoso.com?$select=id,displayName,userPrincipalName,department,"
            + "jobTitle&$expand=manager($select=userPrincipalName)";
    server.stubFor(
        get(urlEqualTo(userPath))
            .willReturn(
                json(
                    200,
                    """
                    {
                      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,userPrincipalName,department,jobTitle,manager(userPrincipalName))/$entity",
                      "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
                      "displayName": "Adele Vance",
                      "userPrincipalName": "AdeleV@contoso.com",
                      "department": "Retail",
                      "jobTitle": "Retail Manager",
                      "manager": {
                        "@odata.type": "#microsoft.graph.user",
                        "id": "08fa38e4-cbfa-4488-94ed-c834da6539df",
                        "userPrincipalName": "MiriamG@contoso.com"
                      }
                    }
                    """)));
    String memberOf = "/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd/memberOf";
    server.stubFor(
        get(urlEqualTo(memberOf + "?$select=displayName"))
            .willReturn(
                json(
                    200,
                    """
                    {
                      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects(displayName)",
                      "@odata.nextLink": "%s",
                      "value": [
                        {"@odata.type": "#microsoft.graph.group",
                         "id": "45b7d2e7-b882-4a80-ba97-10b7a63b8fa4", "displayName": "All Company"},
                        {"@odata.type": "#microsoft.graph.administrativeUnit",
                         "id": "4d7ea995-bc0f-45c0-8c3e-132e93bba1e3", "displayName": "Seattle"}
                      ]
                    }
                    """
                        .formatted(
                            server.loopbackUrl(memberOf + "?$select=displayName&$skiptoken=X1")))));
    server.stubFor(
        get(urlEqualTo(memberOf + "?$select=displayName&$skiptoken=X1"))
            .willReturn(
                json(
                    200,
                    """
                    {"value": [
                      {"@odata.type": "#microsoft.graph.directoryRole",
                       "id": "f5a8b8f1-0f4f-4c1c-9f0e-2a6f2bb6c1a5", "displayName": "Global Reader"}
                    ]}
                    """)));

    DirectoryUser user = entra().lookup("AdeleV@contoso.com").orElseThrow();

    assertThat(user)
        .isEqualTo(
            new DirectoryUser(
                "AdeleV@contoso.com",
                "Adele Vance",
                "Retail",
                "Retail Manager",
                "MiriamG@contoso.com",
                List.of("All Company", "Global Reader")));
    server.verify(
        getRequestedFor(urlEqualTo(userPath))
            .withHeader("Authorization", equalTo("Bearer " + GRAPH_TOKEN)));
    server.verify(
        getRequestedFor(urlEqualTo(memberOf + "?$select=displayName"))
            .withHeader("Authorization", equalTo("Bearer " + GRAPH_TOKEN)));
    server.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void entraNotFoundIsUnknownAndThrottlingAndExpiredTokensAreUnavailable() {
    String q =
        "?$select=id,displayName,userPrincipalName,department,jobTitle"
            + "&$expand=manager($select=userPrincipalName)";
    server.stubFor(
        get(urlEqualTo("/v1.0/users/nobody@contoso.com" + q))
            .willReturn(
                json(
                    404,
                    """
                    {"error": {"code": "Request_ResourceNotFound", "message": "Resource
                     'nobody@contoso.com' does not exist or one of its queried reference-property
                     objects are not present.", "innerError": {"date": "2026-01-01T00:00:00",
                     "request-id": "7f1c", "client-request-id": "7f1c"}}}
                    """)));
    server.stubFor(
        get(urlEqualTo("/v1.0/users/expired@contoso.com" + q))
            .willReturn(
                json(
                    401,
                    "{\"error\": {\"code\": \"InvalidAuthenticationToken\", \"message\":"
                        + " \"Lifetime validation failed, the token is expired.\"}}")));
    server.stubFor(
        get(urlEqualTo("/v1.0/users/busy@contoso.com" + q))
            .willReturn(
                json(
                        429,
                        "{\"error\": {\"code\": \"TooManyRequests\", \"message\": \"Too many"
                            + " requests\"}}")
                    .withHeader("Retry-After", "10")));
    EntraDirectoryLookup lookup = entra();

    assertThat(lookup.find("nobody@contoso.com")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("expired@contoso.com")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("busy@contoso.com")).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(lookup.find("nobody@contoso.com")).isInstanceOf(LookupResult.Unavailable.class);
    server.verify(3, anyRequestedFor(anyUrl()));
    clock.advance(Duration.ofSeconds(10));
    assertThat(lookup.find("nobody@contoso.com")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.toString()).doesNotContain(GRAPH_TOKEN);
  }

  @Test
  void entraClientCredentialsTokensAreFetchedCachedRenewedAndDroppedAfterA401() {
    String tokenPath = "/contoso-tenant/oauth2/v2.0/token";
    server.stubFor(
        post(urlEqualTo(tokenPath))
            .inScenario("tokens")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(
                json(
                    200,
                    "{\"token_type\": \"Bearer\", \"expires_in\": 3599,"
                        + " \"ext_expires_in\": 3599, \"access_token\": \"tok-1\"}"))
            .willSetStateTo("second"));
    server.stubFor(
        post(urlEqualTo(tokenPath))
            .inScenario("tokens")
            .whenScenarioStateIs("second")
            .willReturn(
                json(
                    200,
                    "{\"token_type\": \"Bearer\", \"expires_in\": 3599,"
                        + " \"ext_expires_in\": 3599, \"access_token\": \"tok-2\"}"))
            .willSetStateTo("third"));
    server.stubFor(
        post(urlEqualTo(tokenPath))
            .inScenario("tokens")
            .whenScenarioStateIs("third")
            .willReturn(
                json(
                    200,
                    "{\"token_type\": \"Bearer\", \"expires_in\": 3599,"
                        + " \"ext_expires_in\": 3599, \"access_token\": \"tok-3\"}")));
    server.stubFor(
        get(urlPathEqualTo("/v1.0/users/nobody@contoso.com"))
            .withHeader("Authorization", equalTo("Bearer tok-1"))
            .willReturn(json(404, "{\"error\": {\"code\": \"Request_ResourceNotFound\"}}")));
    server.stubFor(
        get(urlPathEqualTo("/v1.0/users/nobody@contoso.com"))
            .withHeader("Authorization", equalTo("Bearer tok-2"))
            .willReturn(json(401, "{\"error\": {\"code\": \"InvalidAuthenticationToken\"}}")));
    server.stubFor(
        get(urlPathEqualTo("/v1.0/users/nobody@contoso.com"))
            .withHeader("Authorization", equalTo("Bearer tok-3"))
            .willReturn(json(404, "{\"error\": {\"code\": \"Request_ResourceNotFound\"}}")));
    EntraDirectoryLookup lookup =
        EntraDirectoryLookup.builder()
            .url(server.loopbackUrl(""))
            .loginUrl(server.loopbackUrl(""))
            .clientCredentials("contoso-tenant", "app-id-1", Secret.of("client-secret-xyz"))
            .clock(clock)
            .allowPrivateAddresses(true)
            .build();

    assertThat(lookup.find("nobody@contoso.com")).isEqualTo(new LookupResult.Unknown<>());
    assertThat(lookup.find("nobody@contoso.com")).isEqualTo(new LookupResult.Unknown<>());
    server.verify(1, postRequestedFor(urlEqualTo(tokenPath))); // cached
    server.verify(
        postRequestedFor(urlEqualTo(tokenPath))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(
                equalTo(
                    "client_id=app-id-1&client_secret=client-secret-xyz&scope="
                        + java.net.URLEncoder.encode(
                            server.loopbackUrl("") + "/.default",
                            java.nio.charset.StandardCharsets.UTF_8)
                        + "&grant_type=client_credentials")));

    clock.advance(Duration.ofSeconds(3599).minus(Duration.ofMinutes(5))); // renewal time
    assertThat(lookup.find("nobody@contoso.com")).isInstanceOf(LookupResult.Unavailable.class);
    server.verify(2, postRequestedFor(urlEqualTo(tokenPath)));

    // tok-2 was rejected: the next lookup gets a new token at once
    assertThat(lookup.find("nobody@contoso.com")).isEqualTo(new LookupResult.Unknown<>());
    server.verify(3, postRequestedFor(urlEqualTo(tokenPath)));
    assertThat(lookup.toString()).doesNotContain("client-secret-xyz", "tok-");
  }

  @Test
  void entraWithoutATokenIsUnavailableNotUnknown() {
    server.stubFor(
        post(urlEqualTo("/t/oauth2/v2.0/token"))
            .willReturn(
                json(
                    401,
                    "{\"error\": \"invalid_client\", \"error_description\": \"AADSTS7000215:"
                        + " Invalid client secret provided.\"}")));
    EntraDirectoryLookup lookup =
        EntraDirectoryLookup.builder()
            .url(server.loopbackUrl(""))
            .loginUrl(server.loopbackUrl(""))
            .clientCredentials("t", "app", Secret.of("wrong-secret"))
            .clock(clock)
            .allowPrivateAddresses(true)
            .build();

    LookupResult<DirectoryUser> r = lookup.find("AdeleV@contoso.com");

    assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
    assertThat(((LookupResult.Unavailable<DirectoryUser>) r).reason())
        .contains("entra-login rejected the credentials (HTTP 401)")
        .doesNotContain("wrong-secret");
    server.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/users/AdeleV@contoso.com")));
  }
}
