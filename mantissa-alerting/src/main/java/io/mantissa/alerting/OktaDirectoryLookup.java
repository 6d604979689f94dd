package io.mantissa.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryUser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Directory context from Okta's Users API: {@code GET /api/v1/users/{login}} and {@code GET
 * /api/v1/users/{id}/groups} (following {@code Link: <…>; rel="next"} pages on the same origin, up
 * to {@link #MAX_PAGES}), authenticated with {@code Authorization: SSWS <API token>}.
 *
 * <p>The user's identity key is {@code profile.login}; display name is {@code profile.displayName},
 * or first and last name; department and title come from the profile; the manager is {@code
 * profile.managerId}, else {@code profile.manager}; groups are the groups' {@code profile.name}. A
 * 404 is "unknown"; 401/403, 429 (which pauses the client), 5xx and timeouts, on either request,
 * are "unavailable". The token is never logged.
 */
public final class OktaDirectoryLookup
    implements DirectoryLookup, LookupResult.Source<DirectoryUser> {
  /** The most group pages read for one user. */
  static final int MAX_PAGES = 5;

  static final String PROVIDER = "okta";
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final String base;
  private final EnrichmentHttp http;
  private final Secret authorization;

  private OktaDirectoryLookup(Builder b) {
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    this.authorization = Secret.of("SSWS " + b.credential.reveal());
  }

  /** A builder; the org URL ({@code https://example.okta.com}) and API token are required. */
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
    Map<String, String> headers = Map.of("Authorization", authorization.reveal());
    EnrichmentHttp.Answer answer =
        http.get(
            URI.create(base + "/api/v1/users/" + EnrichmentHttp.segment(identityKey.trim())),
            headers);
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok) || !ok.body().hasNonNull("id")) {
      return new LookupResult.Unknown<>();
    }
    JsonNode user = ok.body();
    JsonNode profile = user.path("profile");
    List<String> groups = new ArrayList<>();
    URI page =
        URI.create(
            base + "/api/v1/users/" + EnrichmentHttp.segment(user.get("id").asText()) + "/groups");
    URI origin = URI.create(base);
    for (int i = 0; i < MAX_PAGES && page != null; i++) {
      EnrichmentHttp.Answer g = http.get(page, headers);
      if (g instanceof EnrichmentHttp.Answer.Unavailable u) {
        return new LookupResult.Unavailable<>(u.reason());
      }
      if (!(g instanceof EnrichmentHttp.Answer.Ok groupsPage)) {
        break;
      }
      groupsPage.body().forEach(group -> addText(groups, group.path("profile").path("name")));
      page = next(origin, groupsPage.response().headers().allValues("Link"));
    }
    String login = text(profile, "login");
    String display = text(profile, "displayName");
    if (display.isBlank()) {
      display = (text(profile, "firstName") + " " + text(profile, "lastName")).trim();
    }
    String manager = text(profile, "managerId");
    if (manager.isBlank()) {
      manager = text(profile, "manager");
    }
    return new LookupResult.Found<>(
        new DirectoryUser(
            login.isBlank() ? identityKey.trim() : login,
            display,
            text(profile, "department"),
            text(profile, "title"),
            manager,
            groups));
  }

  /** The {@code rel="next"} link among Okta's {@code Link} headers, when on the same origin. */
  static URI next(URI origin, List<String> links) {
    for (String header : links) {
      Matcher m = NEXT.matcher(header);
      while (m.find()) {
        try {
          URI next = URI.create(m.group(1));
          return EnrichmentHttp.sameOrigin(origin, next) ? next : null;
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText("").trim() : "";
  }

  static void addText(List<String> out, JsonNode v) {
    if (v.isTextual() && !v.asText().isBlank()) {
      out.add(v.asText());
    }
  }

  @Override
  public String toString() {
    return "OktaDirectoryLookup[" + base + "]";
  }

  /** Builds {@link OktaDirectoryLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    private Builder() {
      super(PROVIDER, null);
    }

    /** The API token (required), sent as {@code Authorization: SSWS <token>}. */
    public Builder apiToken(Secret token) {
      return credential(token);
    }

    /** Builds the client. */
    public OktaDirectoryLookup build() {
      return new OktaDirectoryLookup(this);
    }
  }
}
