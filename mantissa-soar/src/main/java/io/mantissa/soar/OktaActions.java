package io.mantissa.soar;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.spi.response.ResponseAction;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Response actions against the Okta Management API, authenticated with an API token ({@code
 * Authorization: SSWS <token>}). The target user is looked up first with {@code GET
 * /api/v1/users/{login or id}} (an email or login works), which gives its id and status:
 *
 * <ul>
 *   <li>{@value #CLEAR_SESSIONS}: {@code DELETE /api/v1/users/{id}/sessions?oauthTokens=true}
 *       (parameter {@code oauth_tokens}, default {@code true}, also revokes the OpenID Connect and
 *       OAuth tokens issued to the user)
 *   <li>{@value #REVOKE_TOKENS}: {@code GET /api/v1/users/{id}/clients}, then {@code DELETE
 *       /api/v1/users/{id}/clients/{clientId}/tokens} for each client, then {@code DELETE
 *       /api/v1/users/{id}/grants}
 *   <li>{@value #SUSPEND_USER}: {@code POST /api/v1/users/{id}/lifecycle/suspend}; a user already
 *       {@code SUSPENDED} (or {@code DEPROVISIONED}) is done without a request
 *   <li>{@value #EXPIRE_PASSWORD}: {@code POST /api/v1/users/{id}/lifecycle/expire_password}; a
 *       user already {@code PASSWORD_EXPIRED} is done without a request
 *   <li>{@value #RESET_PASSWORD}: {@code POST
 *       /api/v1/users/{id}/lifecycle/reset_password?sendEmail=true} (Okta e-mails the user the
 *       reset link; the link itself never passes through Mantissa)
 * </ul>
 *
 * <p>Failures are results, never exceptions: 429 (with {@code X-Rate-Limit-Reset} or Retry-After as
 * a hint), 408, 5xx and timeouts are retryable; an unknown user (404), a refused token (401, 403)
 * and validation errors (400, such as suspending a user who is not active) are permanent, with
 * Okta's {@code errorSummary} in the reason. The token is never logged.
 */
public final class OktaActions {
  /** Clear the user's sessions (and OAuth tokens). */
  public static final String CLEAR_SESSIONS = "okta.clear_sessions";

  /** Revoke the user's OAuth refresh tokens per client and all their grants. */
  public static final String REVOKE_TOKENS = "okta.revoke_tokens";

  /** Suspend the user. */
  public static final String SUSPEND_USER = "okta.suspend_user";

  /** Expire the user's password (a new one is required at the next sign-in). */
  public static final String EXPIRE_PASSWORD = "okta.expire_password";

  /** Start a password reset; Okta e-mails the user a reset link. */
  public static final String RESET_PASSWORD = "okta.reset_password";

  static final String VENDOR = "okta";

  private final String base;
  private final ActionHttp http;
  private final Secret authorization;

  private OktaActions(Builder b) {
    this.base = b.checkedUrl("url (the org URL, such as https://example.okta.com)", b.url);
    if (b.apiToken == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "okta needs an api-token");
    }
    this.authorization = Secret.of("SSWS " + b.apiToken.reveal());
    this.http = b.http(VENDOR);
  }

  /** A builder; the org URL and the API token are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@value #CLEAR_SESSIONS}. */
  public ResponseAction clearSessions() {
    return new NamedAction(CLEAR_SESSIONS, this::clearSessions);
  }

  /** {@value #REVOKE_TOKENS}. */
  public ResponseAction revokeTokens() {
    return new NamedAction(REVOKE_TOKENS, this::revokeTokens);
  }

  /** {@value #SUSPEND_USER}. */
  public ResponseAction suspendUser() {
    return new NamedAction(SUSPEND_USER, this::suspend);
  }

  /** {@value #EXPIRE_PASSWORD}. */
  public ResponseAction expirePassword() {
    return new NamedAction(EXPIRE_PASSWORD, this::expirePassword);
  }

  /** {@value #RESET_PASSWORD}. */
  public ResponseAction resetPassword() {
    return new NamedAction(RESET_PASSWORD, this::resetPassword);
  }

  /** Every Okta action. */
  public List<ResponseAction> all() {
    return List.of(
        clearSessions(), revokeTokens(), suspendUser(), expirePassword(), resetPassword());
  }

  /** The user found by login or id, or the failure to report. */
  private record User(String id, String login, String status, ActionResult failure) {}

  private User find(ActionRequest request) {
    String key = request.target().value().trim();
    ActionHttp.Reply reply = call("GET", "/api/v1/users/" + ActionHttp.segment(key));
    if (reply instanceof ActionHttp.Reply.Unreachable u) {
      return new User(null, null, null, u.failure());
    }
    ActionHttp.Reply.Answered a = (ActionHttp.Reply.Answered) reply;
    if (!a.ok()) {
      return new User(null, null, null, http.failure("look up user " + key, a));
    }
    String id = a.body().path("id").asText("");
    if (id.isBlank()) {
      return new User(
          null,
          null,
          null,
          new ActionResult.PermanentFailure("okta: the answer for user " + key + " has no id"));
    }
    return new User(
        id,
        a.body().path("profile").path("login").asText(key),
        a.body().path("status").asText("").toUpperCase(Locale.ROOT),
        null);
  }

  private ActionHttp.Reply call(String method, String pathAndQuery) {
    return http.send(
        method,
        URI.create(base + pathAndQuery),
        Map.of("Authorization", authorization.reveal()),
        null);
  }

  /** Runs one request about the user; 2xx is done with {@code detail}. */
  private ActionResult run(String what, String method, String pathAndQuery, String detail) {
    ActionHttp.Reply reply = call(method, pathAndQuery);
    if (reply instanceof ActionHttp.Reply.Unreachable u) {
      return u.failure();
    }
    ActionHttp.Reply.Answered a = (ActionHttp.Reply.Answered) reply;
    return a.ok() ? new ActionResult.Done(detail) : http.failure(what, a);
  }

  private static String who(User u) {
    return "user " + u.id() + " (" + u.login() + ")";
  }

  private ActionResult clearSessions(ActionRequest request) {
    User u = find(request);
    if (u.failure() != null) {
      return u.failure();
    }
    boolean tokens = !"false".equalsIgnoreCase(request.parameters().get("oauth_tokens"));
    return run(
        "clear the sessions of " + who(u),
        "DELETE",
        "/api/v1/users/" + ActionHttp.segment(u.id()) + "/sessions?oauthTokens=" + tokens,
        "okta: cleared the sessions of "
            + who(u)
            + (tokens ? " and revoked its OAuth tokens" : ""));
  }

  private ActionResult revokeTokens(ActionRequest request) {
    User u = find(request);
    if (u.failure() != null) {
      return u.failure();
    }
    String userPath = "/api/v1/users/" + ActionHttp.segment(u.id());
    ActionHttp.Reply reply = call("GET", userPath + "/clients");
    if (reply instanceof ActionHttp.Reply.Unreachable un) {
      return un.failure();
    }
    ActionHttp.Reply.Answered clients = (ActionHttp.Reply.Answered) reply;
    if (!clients.ok()) {
      return http.failure("list the OAuth clients of " + who(u), clients);
    }
    List<String> revoked = new ArrayList<>();
    for (JsonNode client : clients.body()) {
      String clientId = client.path("client_id").asText("");
      if (clientId.isBlank()) {
        continue;
      }
      ActionResult r =
          run(
              "revoke the tokens of " + who(u) + " for client " + clientId,
              "DELETE",
              userPath + "/clients/" + ActionHttp.segment(clientId) + "/tokens",
              "");
      if (!(r instanceof ActionResult.Done)) {
        return r;
      }
      revoked.add(clientId);
    }
    ActionResult grants = run("revoke the grants of " + who(u), "DELETE", userPath + "/grants", "");
    if (!(grants instanceof ActionResult.Done)) {
      return grants;
    }
    return new ActionResult.Done(
        "okta: revoked the refresh tokens of "
            + who(u)
            + " for "
            + revoked.size()
            + " client(s)"
            + (revoked.isEmpty() ? "" : " " + revoked)
            + " and all its grants");
  }

  private ActionResult suspend(ActionRequest request) {
    User u = find(request);
    if (u.failure() != null) {
      return u.failure();
    }
    if (u.status().equals("SUSPENDED")) {
      return new ActionResult.Done("okta: " + who(u) + " was already suspended");
    }
    if (u.status().equals("DEPROVISIONED")) {
      return new ActionResult.Done(
          "okta: " + who(u) + " is deactivated (DEPROVISIONED); nothing to suspend");
    }
    return run(
        "suspend " + who(u),
        "POST",
        "/api/v1/users/" + ActionHttp.segment(u.id()) + "/lifecycle/suspend",
        "okta: suspended " + who(u) + " (was " + u.status() + ")");
  }

  private ActionResult expirePassword(ActionRequest request) {
    User u = find(request);
    if (u.failure() != null) {
      return u.failure();
    }
    if (u.status().equals("PASSWORD_EXPIRED")) {
      return new ActionResult.Done("okta: the password of " + who(u) + " was already expired");
    }
    return run(
        "expire the password of " + who(u),
        "POST",
        "/api/v1/users/" + ActionHttp.segment(u.id()) + "/lifecycle/expire_password",
        "okta: expired the password of " + who(u) + "; a new one is required at the next sign-in");
  }

  private ActionResult resetPassword(ActionRequest request) {
    User u = find(request);
    if (u.failure() != null) {
      return u.failure();
    }
    return run(
        "reset the password of " + who(u),
        "POST",
        "/api/v1/users/" + ActionHttp.segment(u.id()) + "/lifecycle/reset_password?sendEmail=true",
        "okta: started a password reset for " + who(u) + "; Okta e-mailed the reset link");
  }

  @Override
  public String toString() {
    return "OktaActions[" + base + "]";
  }

  /** Builds {@link OktaActions}. */
  public static final class Builder extends ActionClientBuilder<Builder> {
    Secret apiToken;

    private Builder() {
      super(VENDOR, null);
    }

    /**
     * The API token (Security → API → Tokens); its administrator needs a role that may manage the
     * users acted on (Super, Org or Group administrator).
     */
    public Builder apiToken(Secret token) {
      this.apiToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Builds the actions. */
    public OktaActions build() {
      return new OktaActions(this);
    }
  }
}
