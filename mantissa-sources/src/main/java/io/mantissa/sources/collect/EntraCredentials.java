package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Microsoft Entra ID application credentials of the Microsoft collectors (Graph, Office 365
 * Management Activity API): a fixed access token, or an app registration's client id and secret
 * exchanged with the OAuth 2.0 client-credentials grant at {@code
 * {login-url}/{tenant-id}/oauth2/v2.0/token} for {@code <resource>/.default}.
 *
 * @param tenantId the directory (tenant) id or domain
 * @param clientId the application (client) id, or {@code null} with an access token
 * @param clientSecret its secret, or {@code null} with an access token
 * @param accessToken a fixed token, or {@code null}
 * @param loginUrl the Entra login endpoint, {@code https://login.microsoftonline.com} by default
 */
record EntraCredentials(
    String tenantId, String clientId, Secret clientSecret, Secret accessToken, String loginUrl) {

  /** The public cloud's login endpoint. */
  static final String LOGIN = "https://login.microsoftonline.com";

  /**
   * Reads {@code tenant-id}, {@code client-id}, {@code client-secret}, {@code access-token} and
   * {@code login-url} onto {@code b}.
   */
  static void read(SettingsReader s, EntraCollectorBuilder<?> b) {
    s.secret("access-token").ifPresent(b::accessToken);
    s.apply("tenant-id", b::tenantId);
    Optional<String> client = s.get("client-id");
    Optional<Secret> secret = s.secret("client-secret");
    if (client.isPresent() && secret.isPresent()) {
      b.clientCredentials(client.get(), secret.get());
    }
    s.apply("login-url", b::loginUrl);
  }

  /**
   * The tokens for {@code resource} (such as {@code https://graph.microsoft.com}).
   *
   * @throws MantissaException {@code CONFIG_INVALID} when neither a token nor a complete client
   *     credential is given
   */
  OAuthTokens tokens(String provider, String resource, CollectorBuilder<?> b) {
    if (accessToken != null) {
      return OAuthTokens.fixed(provider, accessToken);
    }
    if (tenantId == null || clientId == null || clientSecret == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          provider + ": an access-token, or tenant-id, client-id and client-secret, are required");
    }
    URI login = CollectorHttp.base(provider + " login-url", loginUrl, b.allowPrivateAddresses);
    URI tokenUri =
        URI.create(
            login
                + "/"
                + URLEncoder.encode(tenantId, StandardCharsets.UTF_8)
                + "/oauth2/v2.0/token");
    return OAuthTokens.clientCredentials(
        provider,
        tokenUri,
        clientId,
        clientSecret,
        resource + "/.default",
        b.client != null ? b.client : CollectorHttp.newClient(b.timeout),
        b.timeout,
        b.clock,
        b.allowPrivateAddresses);
  }

  @Override
  public String toString() {
    return "EntraCredentials[" + tenantId + ", " + clientId + "]";
  }
}
