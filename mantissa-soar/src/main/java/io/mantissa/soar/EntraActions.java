package io.mantissa.soar;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.spi.response.ResponseAction;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Response actions against Microsoft Entra ID through Microsoft Graph v1.0, with {@code
 * Authorization: Bearer <token>}. The user is addressed by object id or user principal name ({@code
 * /users/{id | userPrincipalName}}):
 *
 * <ul>
 *   <li>{@value #REVOKE_SESSIONS}: {@code POST /v1.0/users/{user}/revokeSignInSessions}, which
 *       invalidates the refresh tokens and session cookies issued to the user (permission {@code
 *       User.RevokeSessions.All})
 *   <li>{@value #DISABLE_USER}: {@code PATCH /v1.0/users/{user}} with {@code
 *       {"accountEnabled":false}} (permission {@code User.EnableDisableAccount.All} or {@code
 *       User.ReadWrite.All}); disabling a disabled account succeeds again
 *   <li>{@value #FORCE_PASSWORD_RESET}: {@code PATCH /v1.0/users/{user}} with {@code
 *       {"passwordProfile":{"forceChangePasswordNextSignIn":true}}} (plus {@code
 *       forceChangePasswordNextSignInWithMfa} when the request parameter {@code with_mfa} is {@code
 *       true}; permission {@code User-PasswordProfile.ReadWrite.All})
 * </ul>
 *
 * <p>The token is either fixed or obtained with the OAuth 2.0 client-credentials grant ({@code POST
 * {login}/{tenant}/oauth2/v2.0/token}, scope {@code <graph url>/.default}), cached until five
 * minutes before it expires and fetched again after a 401 (which is then retryable). 429 (with
 * Retry-After as a hint), 408, 5xx and timeouts are retryable; 404 ({@code
 * Request_ResourceNotFound}), 403 ({@code Authorization_RequestDenied}) and 400 are permanent, with
 * Graph's error code and message in the reason. Neither the token nor the client secret is logged.
 */
public final class EntraActions {
  /** Revoke the user's sign-in sessions and refresh tokens. */
  public static final String REVOKE_SESSIONS = "entra.revoke_sessions";

  /** Disable the account. */
  public static final String DISABLE_USER = "entra.disable_user";

  /** Require a password change at the next sign-in. */
  public static final String FORCE_PASSWORD_RESET = "entra.force_password_reset";

  /** Microsoft Graph's global endpoint. */
  public static final String DEFAULT_URL = "https://graph.microsoft.com";

  /** Microsoft's global login endpoint, for the client-credentials grant. */
  public static final String DEFAULT_LOGIN_URL = "https://login.microsoftonline.com";

  static final String VENDOR = "entra";

  private final String base;
  private final ActionHttp http;
  private final BearerToken token;

  private EntraActions(Builder b) {
    this.base = b.checkedUrl("url", b.url);
    this.http = b.http(VENDOR);
    if (b.clientId != null) {
      String login = b.checkedUrl("login-url", b.loginUrl);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("client_id", b.clientId);
      form.put("scope", base + "/.default");
      form.put("grant_type", "client_credentials");
      Secret secret = b.clientSecret;
      this.token =
          BearerToken.granted(
              URI.create(login + "/" + ActionHttp.segment(b.tenantId) + "/oauth2/v2.0/token"),
              now -> {
                Map<String, String> f = new LinkedHashMap<>(form);
                f.put("client_secret", secret.reveal());
                return f;
              },
              b.http("entra-login"),
              b.clock);
    } else if (b.accessToken != null) {
      this.token = BearerToken.fixed(b.accessToken);
    } else {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "entra needs tenant-id, client-id and client-secret, or an access-token");
    }
  }

  /** A builder; client credentials or an access token are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@value #REVOKE_SESSIONS}. */
  public ResponseAction revokeSessions() {
    return new NamedAction(REVOKE_SESSIONS, this::revokeSessions);
  }

  /** {@value #DISABLE_USER}. */
  public ResponseAction disableUser() {
    return new NamedAction(DISABLE_USER, this::disable);
  }

  /** {@value #FORCE_PASSWORD_RESET}. */
  public ResponseAction forcePasswordReset() {
    return new NamedAction(FORCE_PASSWORD_RESET, this::forcePasswordReset);
  }

  /** Every Entra ID action. */
  public List<ResponseAction> all() {
    return List.of(revokeSessions(), disableUser(), forcePasswordReset());
  }

  private ActionResult run(
      String what,
      String method,
      ActionRequest request,
      String suffix,
      ObjectNode body,
      String done) {
    BearerToken.Result auth = token.get();
    if (auth instanceof BearerToken.Result.Cannot c) {
      return c.failure();
    }
    Secret authorization = ((BearerToken.Result.Have) auth).authorization();
    String user = request.target().value().trim();
    ActionHttp.Reply reply =
        http.send(
            method,
            URI.create(base + "/v1.0/users/" + ActionHttp.segment(user) + suffix),
            Map.of("Authorization", authorization.reveal()),
            body);
    if (reply instanceof ActionHttp.Reply.Unreachable u) {
      return u.failure();
    }
    ActionHttp.Reply.Answered a = (ActionHttp.Reply.Answered) reply;
    if (a.ok()) {
      return new ActionResult.Done("entra: " + done + " " + user);
    }
    if (a.status() == 401 && token.renewable()) {
      token.forget();
      return new ActionResult.RetryableFailure(
          "entra: "
              + what
              + " "
              + user
              + " failed, the access token was rejected (HTTP 401);"
              + " a new token is requested on the next attempt");
    }
    return http.failure(what + " " + user, a);
  }

  private ActionResult revokeSessions(ActionRequest request) {
    return run(
        "revoke the sign-in sessions of",
        "POST",
        request,
        "/revokeSignInSessions",
        null,
        "revoked the sign-in sessions and refresh tokens of");
  }

  private ActionResult disable(ActionRequest request) {
    ObjectNode body = ActionHttp.MAPPER.createObjectNode().put("accountEnabled", false);
    return run("disable", "PATCH", request, "", body, "disabled the account of");
  }

  private ActionResult forcePasswordReset(ActionRequest request) {
    ObjectNode body = ActionHttp.MAPPER.createObjectNode();
    ObjectNode profile = body.putObject("passwordProfile");
    profile.put("forceChangePasswordNextSignIn", true);
    boolean mfa = "true".equalsIgnoreCase(request.parameters().get("with_mfa"));
    if (mfa) {
      profile.put("forceChangePasswordNextSignInWithMfa", true);
    }
    return run(
        "force a password change for",
        "PATCH",
        request,
        "",
        body,
        "a password change" + (mfa ? " (after MFA)" : "") + " is required at the next sign-in of");
  }

  @Override
  public String toString() {
    return "EntraActions[" + base + ", " + token + "]";
  }

  /** Builds {@link EntraActions}. */
  public static final class Builder extends ActionClientBuilder<Builder> {
    String tenantId;
    String clientId;
    Secret clientSecret;
    Secret accessToken;
    String loginUrl = DEFAULT_LOGIN_URL;

    private Builder() {
      super(VENDOR, DEFAULT_URL);
    }

    /** A fixed Graph access token; it is not renewed. Prefer {@link #clientCredentials}. */
    public Builder accessToken(Secret token) {
      this.accessToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * Tokens from the OAuth 2.0 client-credentials grant of an app registration with the
     * application permissions the actions need (see the class comment).
     */
    public Builder clientCredentials(String tenantId, String clientId, Secret clientSecret) {
      this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** The login endpoint of the client-credentials grant (default Microsoft's global one). */
    public Builder loginUrl(String url) {
      this.loginUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the actions. */
    public EntraActions build() {
      return new EntraActions(this);
    }
  }
}
