package io.mantissa.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.GoogleServiceAccountJwt;
import io.mantissa.spi.enrich.Asset;
import io.mantissa.spi.enrich.AssetLookup;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Asset context from Google Cloud Asset Inventory: {@code GET
 * /v1/{scope}:searchAllResources?query=…&assetTypes=compute.googleapis.com/Instance&pageSize=5}
 * over a project, folder or organization, with {@code Authorization: Bearer <access token>}.
 *
 * <p>A host name is searched as {@code displayName=<name>} (exact; for a Compute Engine internal
 * DNS name {@code web-1.c.project.internal} its first label), an IP literal as the free-text phrase
 * {@code "<ip>"}; since free text matches any searchable field, a result counts only when the
 * address is among its {@code additionalAttributes.internalIPs} or {@code externalIPs} (a host
 * name: when its {@code displayName} is the name). The asset: {@code name} (full resource name) as
 * id, {@code displayName}, {@code assetType}, {@code state}, {@code location}, {@code project}, the
 * addresses, {@code labels} as tags, and details {@code network_tags}, {@code created}, {@code
 * parent}.
 *
 * <p>The token is fixed, or obtained with a service account's JWT-bearer grant (scope {@link
 * #SCOPE}), cached until five minutes before it expires and renewed after a 401. 404 and 400 are
 * "unknown"; 401/403, 429 (which pauses the client), 5xx and timeouts "unavailable".
 */
public final class GcpAssetLookup implements AssetLookup, LookupResult.Source<Asset> {
  /** Cloud Asset API's endpoint. */
  public static final String DEFAULT_URL = "https://cloudasset.googleapis.com";

  /** The scope asked for with a service account. */
  public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** The asset type searched. */
  public static final String INSTANCE_TYPE = "compute.googleapis.com/Instance";

  static final String PROVIDER = "gcp_asset";
  private static final Pattern SCOPE_NAME =
      Pattern.compile("(projects|folders|organizations)/[A-Za-z0-9._:-]+");

  private final String base;
  private final String scope;
  private final EnrichmentHttp http;
  private final BearerTokens tokens;

  private GcpAssetLookup(Builder b) {
    if (b.account != null) {
      b.credential(Secret.of("service-account")); // satisfies the common check
    }
    if (b.scope == null || !SCOPE_NAME.matcher(b.scope).matches()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          PROVIDER + " needs a scope: projects/<id>, folders/<number> or organizations/<number>");
    }
    LookupClientBuilder.Built built = b.http();
    this.base = built.base();
    this.http = built.http();
    this.scope = b.scope;
    if (b.account == null) {
      this.tokens = BearerTokens.fixed(b.credential);
    } else {
      GoogleServiceAccount account =
          b.tokenUrl == null ? b.account : b.account.withTokenUri(URI.create(b.tokenUrl));
      this.tokens =
          BearerTokens.oauth(
              account.tokenUri(),
              account.grant(SCOPE, null),
              new EnrichmentHttp(PROVIDER + "-token", b.timeout, b.allowPrivateAddresses, b.clock),
              b.clock);
    }
  }

  /** A builder; the scope and an access token or a service account are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<Asset> lookup(String key) {
    return find(key).asOptional();
  }

  @Override
  public LookupResult<Asset> find(String key) {
    String k = key == null ? "" : key.trim();
    Optional<InetAddress> ip = EnrichmentHttp.ipLiteral(k);
    String query;
    String name = null;
    if (ip.isPresent()) {
      query = "\"" + ip.get().getHostAddress() + "\"";
    } else if (k.length() <= 253 && AwsEc2AssetLookup.HOST_NAME.matcher(k).matches()) {
      name = k.toLowerCase(Locale.ROOT).endsWith(".internal") ? k.substring(0, k.indexOf('.')) : k;
      query = "displayName=" + name;
    } else {
      return new LookupResult.Unknown<>();
    }
    URI uri =
        URI.create(
            base
                + "/v1/"
                + scope
                + ":searchAllResources?query="
                + EnrichmentHttp.query(query)
                + "&assetTypes="
                + EnrichmentHttp.query(INSTANCE_TYPE)
                + "&pageSize=5");
    EnrichmentHttp.Answer answer = tokens.send(h -> http.get(uri, h));
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u) {
      return new LookupResult.Unavailable<>(u.reason());
    }
    if (!(answer instanceof EnrichmentHttp.Answer.Ok ok)) {
      return new LookupResult.Unknown<>();
    }
    for (JsonNode r : ok.body().path("results")) {
      List<String> internal = strings(r.path("additionalAttributes").path("internalIPs"));
      List<String> external = strings(r.path("additionalAttributes").path("externalIPs"));
      boolean matches =
          ip.isPresent()
              ? sameAddress(internal, ip.get()) || sameAddress(external, ip.get())
              : OktaDirectoryLookup.text(r, "displayName").equalsIgnoreCase(name);
      if (matches && !OktaDirectoryLookup.text(r, "name").isBlank()) {
        return new LookupResult.Found<>(asset(k, r, internal, external));
      }
    }
    return new LookupResult.Unknown<>();
  }

  private static Asset asset(String key, JsonNode r, List<String> internal, List<String> external) {
    Map<String, String> labels = new LinkedHashMap<>();
    r.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText("")));
    Map<String, String> details = new LinkedHashMap<>();
    List<String> networkTags = strings(r.path("networkTags"));
    if (!networkTags.isEmpty()) {
      details.put("network_tags", String.join(",", networkTags));
    }
    String created = OktaDirectoryLookup.text(r, "createTime");
    if (!created.isBlank()) {
      details.put("created", created);
    }
    String parent = OktaDirectoryLookup.text(r, "parentFullResourceName");
    if (!parent.isBlank()) {
      details.put("parent", parent);
    }
    return new Asset(
        key,
        "gcp",
        OktaDirectoryLookup.text(r, "name"),
        OktaDirectoryLookup.text(r, "displayName"),
        OktaDirectoryLookup.text(r, "assetType"),
        OktaDirectoryLookup.text(r, "state"),
        OktaDirectoryLookup.text(r, "location"),
        OktaDirectoryLookup.text(r, "project"),
        internal,
        external,
        labels,
        details);
  }

  private static boolean sameAddress(List<String> addresses, InetAddress ip) {
    for (String a : addresses) {
      Optional<InetAddress> parsed = EnrichmentHttp.ipLiteral(a);
      if (parsed.isPresent() && parsed.get().equals(ip)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> OktaDirectoryLookup.addText(out, v));
    return out;
  }

  @Override
  public String toString() {
    return "GcpAssetLookup[" + base + ", " + scope + "]";
  }

  /** Builds {@link GcpAssetLookup}s. */
  public static final class Builder extends LookupClientBuilder<Builder> {
    String scope;
    GoogleServiceAccount account;
    String tokenUrl;

    private Builder() {
      super(PROVIDER, DEFAULT_URL);
    }

    /**
     * Where to search (required): {@code projects/<id>}, {@code folders/<number>} or {@code
     * organizations/<number>}.
     */
    public Builder scope(String scope) {
      this.scope = Objects.requireNonNull(scope, "scope").trim();
      return this;
    }

    /** A fixed access token (with {@code cloudasset.assets.searchAllResources}); not renewed. */
    public Builder accessToken(Secret token) {
      return credential(token);
    }

    /** Tokens from a service account's JSON key file (as Google issues it). */
    public Builder serviceAccountKey(Secret keyJson) {
      this.account = GoogleServiceAccount.fromJson(Objects.requireNonNull(keyJson, "keyJson"));
      return this;
    }

    /** Tokens from a service account given by its e-mail and PKCS#8 PEM private key. */
    public Builder serviceAccount(String clientEmail, Secret privateKeyPem) {
      this.account =
          new GoogleServiceAccount(
              clientEmail, privateKeyPem, GoogleServiceAccountJwt.GOOGLE_TOKEN_URI);
      return this;
    }

    /** The token endpoint (default the key file's {@code token_uri}, else Google's). */
    public Builder tokenUrl(String url) {
      this.tokenUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the client. */
    public GcpAssetLookup build() {
      return new GcpAssetLookup(this);
    }
  }
}
