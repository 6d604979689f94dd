package io.mantissa.itdr;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An identity-relevant view over one normalized {@link io.mantissa.api.Event}, built by {@link
 * IdentityEventReader}. Text values the record does not have are empty strings, never null; an
 * unknown location is a {@link Geo} with nothing known.
 *
 * @param eventId the event's id
 * @param identityKey the cross-provider person key (OCSF {@code identity_key})
 * @param source the source id ({@code okta}, {@code entra_signin}, {@code duo}, ...)
 * @param time the event time
 * @param activity what happened
 * @param outcome how it ended
 * @param srcIp the source IP, or empty
 * @param userAgent the user agent, or empty
 * @param device the device name or id, or empty
 * @param targetUser for account changes, the account changed (lower-cased email or name), or empty
 * @param geo where the source IP is
 * @param sessionId the provider's session id (Okta {@code authenticationContext.externalSessionId},
 *     Entra ID {@code sessionId}), or empty
 * @param application the application signed in to (Entra ID app, Okta SSO target), or empty
 * @param tokenType the token the event redeemed instead of a credential (Entra ID {@code
 *     incomingTokenType}: {@code refreshToken}, {@code primaryRefreshToken}), or empty
 * @param privileges for account changes that grant or take a privilege, the roles, groups or
 *     policies concerned (OCSF {@code privileges}, {@code policy.name}, {@code policy.uid}, {@code
 *     group.name}), or empty
 * @param adminAction the administrative action the actor performed, {@link AdminAction#NONE} when
 *     this is no administrative action
 * @param providerRisk the identity provider's own verdict on the event (Duo fraud mark, Entra ID
 *     Identity Protection, Google account warnings, Okta, Slack anomaly), {@link ProviderRisk#NONE}
 *     when it flagged nothing
 */
public record IdentityEvent(
    String eventId,
    String identityKey,
    String source,
    Instant time,
    Activity activity,
    Outcome outcome,
    String srcIp,
    String userAgent,
    String device,
    String targetUser,
    Geo geo,
    String sessionId,
    String application,
    String tokenType,
    List<String> privileges,
    AdminAction adminAction,
    ProviderRisk providerRisk) {

  /** Validates. */
  public IdentityEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(identityKey, "identityKey");
    if (identityKey.isBlank()) {
      throw new IllegalArgumentException("identityKey must not be blank");
    }
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(srcIp, "srcIp");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(targetUser, "targetUser");
    Objects.requireNonNull(geo, "geo");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(tokenType, "tokenType");
    privileges = List.copyOf(privileges);
    Objects.requireNonNull(adminAction, "adminAction");
    Objects.requireNonNull(providerRisk, "providerRisk");
  }

  /**
   * Whether this event proves the person authenticated from {@link #srcIp()}: a successful {@link
   * Activity#LOGIN} or an {@link Activity#MFA_APPROVE}.
   */
  public boolean isSuccessfulSignIn() {
    return outcome == Outcome.SUCCESS
        && (activity == Activity.LOGIN || activity == Activity.MFA_APPROVE);
  }
}
