package io.mantissa.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryUser;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Directory context from Microsoft Entra ID through Microsoft Graph v1.0: {@code GET
 * /v1.0/users/{upn}?$select=id,displayName,userPrincipalName,department,jobTitle&$expand=manager($select=userPrincipalName)}
 * and {@code GET /v1.0/users/{id}/memberOf?$select=displayName} (following the
 * {@code @odata.nextLink} on the same origin, up to {@link #MAX_PAGES} pages), with {@code
 * Authorization: Bearer <access token>}.
 *
 * <p>The identity key is {@code userPrincipalName}; the manager is the manager's UPN; groups are
 * the display names of the groups and directory roles the user is a direct member of. A 404 ({@code
 * Request_ResourceNotFound}) is "unknown"; 401/403 (such as an expired token), 429 (which pauses
 * the client for its Retry-After), 5xx and timeouts are "unavailable". The token is never logged.
 * The token is either configured as is, or obtained with the OAuth 2.0 client-credentials grant and
 * renewed before it expires; neither the token nor the client secret is logged.
 */
public final class EntraDirectoryLookup
    implements DirectoryLookup, LookupResult.Source<DirectoryUser> {
  /** Microsoft Graph's global endpoint. */
  public static final String DEFAULT_URL = "https://graph.microsoft.com";

  /** The most {@code memberOf} pages read for one user. */
  static final int MAX_PAGES = 5;

  static final String PROVIDER = "entra";

  static final String USER_QUERY =
      "?$select=id,displayName,userPrincipalName,department,jobTitle"
          + "&$expand=manager($select=userPrincipalName)";

  /** Microsoft's global login endpoint, for the client-credentials flow. */
  public static final String DEFAULT_LOGIN_URL = "https://login.microsoftonline.com";

  private final String base;
  private final EnrichmentHttp http;
  private final BearerTokens tokens;

  private EntraDirectoryLookup(Builder b) {
    if (b.clientId != null) {
      b.credential(Secret.of("client-credentials")); // satisfies the common check
    }
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    if (b.clientId == null) {
      this.tokens = BearerTokens.fixed(b.credential);
    } else {
      String login;
      try {
        login = EnrichmentHttp.base(b.loginUrl);
      } catch (IllegalArgumentException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, "entra login url must be an absolute http(s) URL", e);
      }
      this.tokens =
          BearerTokens.oauth(
              URI.create(login + "/" + EnrichmentHttp.segment(b.tenantId) + "/oauth2/v2.0/token"),
              clientCredentials(b.clientId, b.clientSecret, base + "/.default"),
              new EnrichmentHttp("entra-login", b.timeout, b.allowPrivateAddresses, b.clock),
              b.clock);
    }
  }

  /** The OAuth 2.0 client-credentials form of an app registration, for {@code scope}. */
  static BearerTokens.Grant clientCredentials(String clientId, Secret secret, String scope) {
    return now -> {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("client_id", clientId);
      form.put("client_secret", secret.reveal());
      form.put("scope", scope);
      form.put("grant_type", "client_credentials");
      return form;
    };
  }

  /** A builder; the access token is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<DirectoryUser> lookup(String identityKey) {
    return find(identityKey).asOptional();
  }

  @Override
  public LookupResult<DirectoryUser> find(String identityKey) {
    if (identityKey == null || identityKey.isBlank()) {
      return new LookupResult.Unknown<>();
    }
    URI userUri =
        URI.create(base + "/v1.0/users/" + EnrichmentHttp.segment(identityKey.trim()) + USER_QUERY);
    EnrichmentHttp.Answer answer = tokens.send(h -> http.get(userUri, h));
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok) || !ok.body().hasNonNull("id")) {
      return new LookupResult.Unknown<>();
    }
    JsonNode user = ok.body();
    List<String> groups = new ArrayList<>();
    URI origin = URI.create(base);
    URI page =
        URI.create(
            base
                + "/v1.0/users/"
                + EnrichmentHttp.segment(user.get("id").asText())
                + "/memberOf?$select=displayName");
    for (int i = 0; i < MAX_PAGES && page != null; i++) {
      URI current = page;
      EnrichmentHttp.Answer g = tokens.send(h -> http.get(current, h));
      if (g instanceof EnrichmentHttp.Answer.Unavailable u) {
        return new LookupResult.Unavailable<>(u.reason());
      }
      if (!(g instanceof EnrichmentHttp.Answer.Ok memberOf)) {
        break;
      }
      memberOf
          .body()
          .path("value")
          .forEach(
              o -> {
                String type = o.path("@odata.type").asText("");
                if (type.equals("#microsoft.graph.group")
                    || type.equals("#microsoft.graph.directoryRole")) {
                  OktaDirectoryLookup.addText(groups, o.path("displayName"));
                }
              });
      page = null;
      String next = memberOf.body().path("@odata.nextLink").asText("");
      if (!next.isBlank()) {
        try {
          URI n = URI.create(next);
          page = EnrichmentHttp.sameOrigin(origin, n) ? n : null;
        } catch (IllegalArgumentException e) {
          page = null;
        }
      }
    }
    String upn = OktaDirectoryLookup.text(user, "userPrincipalName");
    return new LookupResult.Found<>(
        new DirectoryUser(
            upn.isBlank() ? identityKey.trim() : upn,
            OktaDirectoryLookup.text(user, "displayName"),
            OktaDirectoryLookup.text(user, "department"),
            OktaDirectoryLookup.text(user, "jobTitle"),
            OktaDirectoryLookup.text(user.path("manager"), "userPrincipalName"),
            groups));
  }

  @Override
  public String toString() {
    return "EntraDirectoryLookup[" + base + "]";
  }

  /** Builds {@link EntraDirectoryLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    String tenantId;
    String clientId;
    Secret clientSecret;
    String loginUrl = DEFAULT_LOGIN_URL;

    private Builder() {
      super(PROVIDER, DEFAULT_URL);
    }

    /**
     * A fixed Graph access token (needs {@code User.Read.All} and {@code GroupMember.Read.All}); it
     * is not renewed. Prefer {@link #clientCredentials}.
     */
    public Builder accessToken(Secret token) {
      return credential(token);
    }

    /**
     * Tokens from the OAuth 2.0 client-credentials grant of an app registration ({@code POST
     * {login}/{tenant}/oauth2/v2.0/token}, scope {@code <graph url>/.default}), cached until five
     * minutes before they expire and renewed after a 401.
     */
    public Builder clientCredentials(String tenantId, String clientId, Secret clientSecret) {
      this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** The login endpoint of the client-credentials flow (default Microsoft's global one). */
    public Builder loginUrl(String url) {
      this.loginUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the client. */
    public EntraDirectoryLookup build() {
      return new EntraDirectoryLookup(this);
    }
  }
}
