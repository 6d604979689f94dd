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
 * Directory context from Google Workspace through the Admin SDK Directory API: {@code GET
 * /admin/directory/v1/users/{userKey}} and {@code GET
 * /admin/directory/v1/groups?userKey={id}&maxResults=200} (following {@code nextPageToken} up to
 * {@link #MAX_PAGES} pages), with {@code Authorization: Bearer <access token>}.
 *
 * <p>The identity key is {@code primaryEmail}; the display name {@code name.fullName}; department
 * and title come from the primary (else the first) of {@code organizations}; the manager is the
 * {@code relations} entry of type {@code manager}; groups are the groups' {@code name}. Further
 * attributes: {@code org_unit} ({@code orgUnitPath}), {@code is_admin}, {@code is_delegated_admin},
 * {@code suspended}, {@code last_login} ({@code never} for Google's epoch placeholder) and {@code
 * created}. A 404 is "unknown"; 401/403, 429 (which pauses the client), 5xx and timeouts are
 * "unavailable".
 *
 * <p>The token is fixed, or obtained with a service account's JWT-bearer grant and domain-wide
 * delegation (acting as a Workspace administrator, scopes {@link #SCOPES}), cached until five
 * minutes before it expires and renewed after a 401. Neither token nor key is logged.
 */
public final class GoogleWorkspaceDirectoryLookup
    implements DirectoryLookup, LookupResult.Source<DirectoryUser> {
  /** The Admin SDK's endpoint. */
  public static final String DEFAULT_URL = "https://admin.googleapis.com";

  /** The read-only Directory API scopes the service account is delegated. */
  public static final String SCOPES =
      "https://www.googleapis.com/auth/admin.directory.user.readonly"
          + " https://www.googleapis.com/auth/admin.directory.group.readonly";

  /** The most group pages read for one user. */
  static final int MAX_PAGES = 5;

  /** Google's "never logged in" value of {@code lastLoginTime}. */
  static final String NEVER = "1970-01-01T00:00:00.000Z";

  static final String PROVIDER = "google_workspace";

  private final String base;
  private final EnrichmentHttp http;
  private final BearerTokens tokens;

  private GoogleWorkspaceDirectoryLookup(Builder b) {
    if (b.account != null) {
      b.credential(Secret.of("service-account")); // satisfies the common check
    }
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    if (b.account == null) {
      this.tokens = BearerTokens.fixed(b.credential);
    } else {
      if (b.subject == null || b.subject.isBlank()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            PROVIDER + " needs the administrator to act as (subject) with a service account");
      }
      GoogleServiceAccount account =
          b.tokenUrl == null ? b.account : b.account.withTokenUri(URI.create(b.tokenUrl));
      this.tokens =
          BearerTokens.oauth(
              account.tokenUri(),
              account.grant(SCOPES, b.subject),
              new EnrichmentHttp(PROVIDER + "-token", b.timeout, b.allowPrivateAddresses, b.clock),
              b.clock);
    }
  }

  /** A builder; an access token or a service account is required. */
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
        URI.create(
            base + "/admin/directory/v1/users/" + EnrichmentHttp.segment(identityKey.trim()));
    EnrichmentHttp.Answer answer = tokens.send(h -> http.get(userUri, h));
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok) || !ok.body().hasNonNull("id")) {
      return new LookupResult.Unknown<>();
    }
    JsonNode user = ok.body();
    List<String> groups = new ArrayList<>();
    String pageToken = null;
    for (int i = 0; i < MAX_PAGES; i++) {
      String uri =
          base
              + "/admin/directory/v1/groups?userKey="
              + EnrichmentHttp.query(user.get("id").asText())
              + "&maxResults=200"
              + (pageToken == null ? "" : "&pageToken=" + EnrichmentHttp.query(pageToken));
      EnrichmentHttp.Answer g = tokens.send(h -> http.get(URI.create(uri), h));
      if (g instanceof EnrichmentHttp.Answer.Unavailable u) {
        return new LookupResult.Unavailable<>(u.reason());
      }
      if (!(g instanceof EnrichmentHttp.Answer.Ok page)) {
        break;
      }
      page.body()
          .path("groups")
          .forEach(
              group -> {
                String name = OktaDirectoryLookup.text(group, "name");
                groups.add(name.isBlank() ? OktaDirectoryLookup.text(group, "email") : name);
              });
      groups.removeIf(String::isBlank);
      pageToken = OktaDirectoryLookup.text(page.body(), "nextPageToken");
      if (pageToken.isBlank()) {
        break;
      }
    }
    JsonNode organization = primary(user.path("organizations"));
    String manager = "";
    for (JsonNode relation : user.path("relations")) {
      if (OktaDirectoryLookup.text(relation, "type").equals("manager")) {
        manager = OktaDirectoryLookup.text(relation, "value");
        break;
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    putText(attributes, "org_unit", user, "orgUnitPath");
    putText(attributes, "is_admin", user, "isAdmin");
    putText(attributes, "is_delegated_admin", user, "isDelegatedAdmin");
    putText(attributes, "suspended", user, "suspended");
    String lastLogin = OktaDirectoryLookup.text(user, "lastLoginTime");
    if (!lastLogin.isBlank()) {
      attributes.put("last_login", lastLogin.equals(NEVER) ? "never" : lastLogin);
    }
    putText(attributes, "created", user, "creationTime");
    String email = OktaDirectoryLookup.text(user, "primaryEmail");
    return new LookupResult.Found<>(
        new DirectoryUser(
            email.isBlank() ? identityKey.trim() : email,
            OktaDirectoryLookup.text(user.path("name"), "fullName"),
            OktaDirectoryLookup.text(organization, "department"),
            OktaDirectoryLookup.text(organization, "title"),
            manager,
            groups,
            attributes));
  }

  private static JsonNode primary(JsonNode organizations) {
    for (JsonNode o : organizations) {
      if (o.path("primary").asBoolean(false)) {
        return o;
      }
    }
    return organizations.path(0);
  }

  private static void putText(Map<String, String> out, String key, JsonNode node, String field) {
    String v = OktaDirectoryLookup.text(node, field);
    if (!v.isBlank()) {
      out.put(key, v);
    }
  }

  @Override
  public String toString() {
    return "GoogleWorkspaceDirectoryLookup[" + base + "]";
  }

  /** Builds {@link GoogleWorkspaceDirectoryLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    GoogleServiceAccount account;
    String subject;
    String tokenUrl;

    private Builder() {
      super(PROVIDER, DEFAULT_URL);
    }

    /** A fixed access token with the {@link #SCOPES}; it is not renewed. */
    public Builder accessToken(Secret token) {
      return credential(token);
    }

    /**
     * Tokens from a service account's JSON key file (as Google issues it) with domain-wide
     * delegation, acting as {@code subject} (a Workspace administrator's e-mail).
     */
    public Builder serviceAccountKey(Secret keyJson, String subject) {
      this.account = GoogleServiceAccount.fromJson(Objects.requireNonNull(keyJson, "keyJson"));
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /**
     * Tokens from a service account given by its e-mail and PKCS#8 PEM private key, acting as
     * {@code subject}.
     */
    public Builder serviceAccount(String clientEmail, Secret privateKeyPem, String subject) {
      this.account =
          new GoogleServiceAccount(
              clientEmail,
              privateKeyPem,
              io.mantissa.spi.auth.GoogleServiceAccountJwt.GOOGLE_TOKEN_URI);
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** The token endpoint (default the key file's {@code token_uri}, else Google's). */
    public Builder tokenUrl(String url) {
      this.tokenUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the client. */
    public GoogleWorkspaceDirectoryLookup build() {
      return new GoogleWorkspaceDirectoryLookup(this);
    }
  }
}
