package io.mantissa.sources.collect;

import io.mantissa.api.config.Secret;
import java.util.Objects;

/**
 * The settings of the collectors that authenticate with Microsoft Entra ID (Microsoft Graph, the
 * Office 365 Management Activity API): the tenant, and an app registration's client credentials or
 * a fixed access token.
 *
 * @param <B> the concrete builder
 */
public abstract class EntraCollectorBuilder<B extends EntraCollectorBuilder<B>>
    extends CollectorBuilder<B> {
  String tenantId;
  String clientId;
  Secret clientSecret;
  Secret accessToken;
  String loginUrl = EntraCredentials.LOGIN;

  EntraCollectorBuilder(String defaultBaseUrl) {
    super(defaultBaseUrl);
  }

  @SuppressWarnings("unchecked")
  private B me() {
    return (B) this;
  }

  /** The directory (tenant) id or its domain. */
  public B tenantId(String tenantId) {
    this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    return me();
  }

  /** An app registration's client id and secret, for the client-credentials grant. */
  public B clientCredentials(String clientId, Secret clientSecret) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    return me();
  }

  /** A fixed access token instead of client credentials. */
  public B accessToken(Secret accessToken) {
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    return me();
  }

  /** The Entra login endpoint (default {@code https://login.microsoftonline.com}). */
  public B loginUrl(String loginUrl) {
    this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
    return me();
  }

  /** The credentials as given. */
  EntraCredentials credentials() {
    return new EntraCredentials(tenantId, clientId, clientSecret, accessToken, loginUrl);
  }
}
