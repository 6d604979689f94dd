package io.mantissa.soar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.auth.GoogleServiceAccountJwt;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.spi.response.ResponseAction;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Response actions against Google Workspace through the Admin SDK Directory API ({@code
 * https://admin.googleapis.com/admin/directory/v1}), with {@code Authorization: Bearer <token>}.
 * The user key is the primary email, an alias or the unique user id:
 *
 * <ul>
 *   <li>{@value #SIGN_OUT}: {@code POST /users/{userKey}/signOut} (signs the user out of all web
 *       and device sessions and resets the sign-in cookies; scope {@code
 *       admin.directory.user.security})
 *   <li>{@value #REVOKE_TOKENS}: {@code GET /users/{userKey}/tokens}, then {@code DELETE
 *       /users/{userKey}/tokens/{clientId}} for each token (a token gone in between counts as
 *       revoked; scope {@code admin.directory.user.security})
 *   <li>{@value #SUSPEND_USER}: {@code PUT /users/{userKey}} with {@code {"suspended":true}}
 *       ({@code users.update}, which has patch semantics and which Google recommends over {@code
 *       users.patch}; suspending a suspended user succeeds again; scope {@code
 *       admin.directory.user})
 *   <li>{@value #FORCE_PASSWORD_RESET}: {@code PUT /users/{userKey}} with {@code
 *       {"changePasswordAtNextLogin":true}}
 * </ul>
 *
 * <p>The token is either fixed, or obtained with a service account's signed JWT ({@link
 * GoogleServiceAccountJwt}) through domain-wide delegation: the JWT names an administrator as
 * {@code sub} and is posted as {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} to
 * the token endpoint; tokens are cached until five minutes before they expire and fetched again
 * after a 401. 429, a 403 whose reason is {@code rateLimitExceeded}, {@code userRateLimitExceeded}
 * or {@code quotaExceeded}, 408, 5xx and timeouts are retryable; 404 (no such user), other 403s and
 * 400 are permanent, with Google's error message in the reason. Neither the private key nor the
 * token is logged.
 */
public final class GoogleWorkspaceActions {
  /** Sign the user out of all sessions. */
  public static final String SIGN_OUT = "google_workspace.sign_out";

  /** Revoke the OAuth tokens the user granted to applications. */
  public static final String REVOKE_TOKENS = "google_workspace.revoke_tokens";

  /** Suspend the user. */
  public static final String SUSPEND_USER = "google_workspace.suspend_user";

  /** Require a password change at the next sign-in. */
  public static final String FORCE_PASSWORD_RESET = "google_workspace.force_password_reset";

  /** The Admin SDK's endpoint. */
  public static final String DEFAULT_URL = "https://admin.googleapis.com";

  /** The scopes asked for with a service account. */
  public static final String SCOPES =
      "https://www.googleapis.com/auth/admin.directory.user"
          + " https://www.googleapis.com/auth/admin.directory.user.security";

  static final String VENDOR = "google_workspace";

  private static final Set<String> RATE_LIMIT_REASONS =
      Set.of("rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded");

  private final String base;
  private final ActionHttp http;
  private final BearerToken token;

  private GoogleWorkspaceActions(Builder b) {
    this.base = b.checkedUrl("url", b.url) + "/admin/directory/v1";
    this.http = b.http(VENDOR);
    if (b.clientEmail != null) {
      GoogleServiceAccountJwt.privateKey(b.privateKey.reveal()); // CONFIG_INVALID when unreadable
      URI tokenUri = URI.create(b.checkedUrl("token-url", b.tokenUrl));
      String email = b.clientEmail;
      Secret key = b.privateKey;
      String subject = b.subject;
      this.token =
          BearerToken.granted(
              tokenUri,
              now -> {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", GoogleServiceAccountJwt.GRANT_TYPE);
                form.put(
                    "assertion",
                    GoogleServiceAccountJwt.assertion(
                        email, key.reveal(), SCOPES, subject, tokenUri, now));
                return form;
              },
              b.http("google-oauth"),
              b.clock);
    } else if (b.accessToken != null) {
      this.token = BearerToken.fixed(b.accessToken);
    } else {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "google_workspace needs client-email, private-key and subject (a service account with"
              + " domain-wide delegation), or an access-token");
    }
  }

  /** A builder; a service account or an access token is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@value #SIGN_OUT}. */
  public ResponseAction signOut() {
    return new NamedAction(SIGN_OUT, this::signOut);
  }

  /** {@value #REVOKE_TOKENS}. */
  public ResponseAction revokeTokens() {
    return new NamedAction(REVOKE_TOKENS, this::revokeTokens);
  }

  /** {@value #SUSPEND_USER}. */
  public ResponseAction suspendUser() {
    return new NamedAction(SUSPEND_USER, this::suspend);
  }

  /** {@value #FORCE_PASSWORD_RESET}. */
  public ResponseAction forcePasswordReset() {
    return new NamedAction(FORCE_PASSWORD_RESET, this::forcePasswordReset);
  }

  /** Every Google Workspace action. */
  public List<ResponseAction> all() {
    return List.of(signOut(), revokeTokens(), suspendUser(), forcePasswordReset());
  }

  /** An answer to one request, or the failure to report. */
  private record Call(ActionHttp.Reply.Answered answer, ActionResult failure) {}

  private Call call(String what, String method, String path, ObjectNode body) {
    BearerToken.Result auth = token.get();
    if (auth instanceof BearerToken.Result.Cannot c) {
      return new Call(null, c.failure());
    }
    Secret authorization = ((BearerToken.Result.Have) auth).authorization();
    ActionHttp.Reply reply =
        http.send(
            method, URI.create(base + path), Map.of("Authorization", authorization.reveal()), body);
    if (reply instanceof ActionHttp.Reply.Unreachable u) {
      return new Call(null, u.failure());
    }
    ActionHttp.Reply.Answered a = (ActionHttp.Reply.Answered) reply;
    if (a.ok()) {
      return new Call(a, null);
    }
    return new Call(a, failure(what, a));
  }

  private ActionResult failure(String what, ActionHttp.Reply.Answered a) {
    if (a.status() == 401 && token.renewable()) {
      token.forget();
      return new ActionResult.RetryableFailure(
          "google_workspace: "
              + what
              + " failed, the access token was rejected (HTTP 401); a new token is requested on"
              + " the next attempt");
    }
    String reason = a.body().path("error").path("errors").path(0).path("reason").asText("");
    if (a.status() == 403 && RATE_LIMIT_REASONS.contains(reason)) {
      String text = ActionHttp.errorText(a.body());
      String base = "google_workspace: " + what + " failed, rate limited (HTTP 403): " + text;
      return new ActionResult.RetryableFailure(
          http.retryAfter(a.headers()).map(d -> base + "; " + ActionHttp.hint(d)).orElse(base));
    }
    return http.failure(what, a);
  }

  private static String userPath(ActionRequest request) {
    return "/users/" + ActionHttp.segment(request.target().value().trim());
  }

  private ActionResult signOut(ActionRequest request) {
    String user = request.target().value().trim();
    Call c = call("sign out " + user, "POST", userPath(request) + "/signOut", null);
    return c.failure() != null
        ? c.failure()
        : new ActionResult.Done("google_workspace: signed " + user + " out of all sessions");
  }

  private ActionResult revokeTokens(ActionRequest request) {
    String user = request.target().value().trim();
    Call list =
        call("list the OAuth tokens of " + user, "GET", userPath(request) + "/tokens", null);
    if (list.failure() != null) {
      return list.failure();
    }
    List<String> revoked = new ArrayList<>();
    for (JsonNode t : list.answer().body().path("items")) {
      String clientId = t.path("clientId").asText("");
      if (clientId.isBlank()) {
        continue;
      }
      Call delete =
          call(
              "revoke the token of " + user + " for client " + clientId,
              "DELETE",
              userPath(request) + "/tokens/" + ActionHttp.segment(clientId),
              null);
      if (delete.failure() != null
          && !(delete.answer() != null && delete.answer().status() == 404)) {
        return delete.failure();
      }
      revoked.add(clientId);
    }
    return new ActionResult.Done(
        "google_workspace: revoked "
            + revoked.size()
            + " OAuth token(s) of "
            + user
            + (revoked.isEmpty() ? "" : " " + revoked));
  }

  private ActionResult update(ActionRequest request, String what, String field, String done) {
    String user = request.target().value().trim();
    ObjectNode body = ActionHttp.MAPPER.createObjectNode().put(field, true);
    Call c = call(what + " " + user, "PUT", userPath(request), body);
    if (c.failure() != null) {
      return c.failure();
    }
    if (c.answer().body().has(field) && !c.answer().body().path(field).asBoolean()) {
      return new ActionResult.PermanentFailure(
          "google_workspace: " + what + " " + user + " was accepted but " + field + " is false");
    }
    return new ActionResult.Done("google_workspace: " + done + " " + user);
  }

  private ActionResult suspend(ActionRequest request) {
    return update(request, "suspend", "suspended", "suspended");
  }

  private ActionResult forcePasswordReset(ActionRequest request) {
    return update(
        request,
        "force a password change for",
        "changePasswordAtNextLogin",
        "a password change is required at the next sign-in of");
  }

  @Override
  public String toString() {
    return "GoogleWorkspaceActions[" + base + ", " + token + "]";
  }

  /** Builds {@link GoogleWorkspaceActions}. */
  public static final class Builder extends ActionClientBuilder<Builder> {
    String clientEmail;
    Secret privateKey;
    String subject;
    Secret accessToken;
    String tokenUrl = GoogleServiceAccountJwt.GOOGLE_TOKEN_URI.toString();

    private Builder() {
      super(VENDOR, DEFAULT_URL);
    }

    /**
     * A service account with domain-wide delegation for {@link #SCOPES}, acting as the
     * administrator {@code subject}.
     *
     * @param clientEmail the key file's {@code client_email}
     * @param privateKey the key file's {@code private_key} (PKCS#8 PEM)
     * @param subject the administrator to act as, such as {@code admin@example.com}
     */
    public Builder serviceAccount(String clientEmail, Secret privateKey, String subject) {
      this.clientEmail = Objects.requireNonNull(clientEmail, "clientEmail");
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** A fixed access token; it is not renewed. */
    public Builder accessToken(Secret token) {
      this.accessToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** The token endpoint (default {@code https://oauth2.googleapis.com/token}). */
    public Builder tokenUrl(String url) {
      this.tokenUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Builds the actions. */
    public GoogleWorkspaceActions build() {
      return new GoogleWorkspaceActions(this);
    }
  }
}
