package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.util.List;
import java.util.Set;

/**
 * Token theft: a refresh token or primary refresh token of one provider session redeemed away from
 * where the session was issued. Today's source is Entra ID, whose sign-ins carry the session
 * ({@code sessionId}), the token a non-interactive sign-in redeemed ({@code incomingTokenType}) and
 * the device ({@code deviceDetail.deviceId}); {@link IdentityEvent#tokenType()} is empty for every
 * other source, so nothing else is judged here (a replayed Okta session is {@code session_hijack}).
 *
 * <p>The first successful event seen of a session is where it was issued (IP, ASN, country,
 * user-agent family, device). A later successful event of the same identity and session that
 * redeems a token is stolen-token use when it comes from another IP and
 *
 * <ul>
 *   <li>another country, or
 *   <li>another ASN, and either off the device the session was issued to (the origin had a device
 *       id, the redemption has none or another one) or with another user-agent family.
 * </ul>
 *
 * <p>Not reported: a redemption from the device the session was issued to, wherever it is (a laptop
 * or a phone changing networks or travelling keeps its device id: the token is used where it was
 * bound); a redemption from another ASN in the same country with the same browser and no device on
 * either side (a phone's carrier address changing); redemptions from allow-listed ASNs (corporate
 * VPN egress); failed events. Once per session, HIGH. State: the origin of at most {@link
 * ItdrSettings#maxTrackedKeys()} sessions, each forgotten {@link ItdrSettings#sessionTtl()} after
 * it started.
 */
final class TokenTheftDetector implements Detector, BoundedState {
  static final String ID = "token_theft";

  private final SessionOrigins sessions;
  private final Set<Long> allowListed;

  TokenTheftDetector(ItdrSettings settings) {
    this.sessions = new SessionOrigins(settings);
    this.allowListed = settings.allowListedAsns();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    SessionOrigins.Origin o = sessions.originOf(e);
    if (o == null) {
      return List.of();
    }
    if (o.reported
        || e.tokenType().isEmpty()
        || o.ip.equals(e.srcIp())
        || allowListed.contains(e.geo().asn())
        || (!o.device.isEmpty() && o.device.equals(e.device()))) {
      return List.of();
    }
    boolean otherCountry =
        e.geo().hasCountry() && o.geo.hasCountry() && !e.geo().country().equals(o.geo.country());
    boolean otherAsn = e.geo().asn() != 0 && o.geo.asn() != 0 && e.geo().asn() != o.geo.asn();
    boolean offDevice = !o.device.isEmpty();
    String family = UserAgents.family(e.userAgent());
    boolean otherAgent = !family.isEmpty() && !o.family.isEmpty() && !family.equals(o.family);
    if (!otherCountry && !(otherAsn && (offDevice || otherAgent))) {
      return List.of();
    }
    o.reported = true;
    StringBuilder why = new StringBuilder();
    if (otherCountry) {
      why.append("another country");
    } else {
      why.append("another network");
    }
    if (offDevice) {
      why.append(
          e.device().isEmpty()
              ? ", without the device id it was issued to"
              : ", from device " + e.device() + " instead of the one it was issued to");
    }
    if (otherAgent) {
      why.append(", another client (").append(family).append(')');
    }
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.HIGH,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1550.001", "T1528"),
            List.of(o.eventId, e.eventId()),
            e.tokenType()
                + " of session "
                + e.sessionId()
                + " of "
                + e.identityKey()
                + " ("
                + e.source()
                + "), issued at "
                + Describe.time(o.time)
                + " to "
                + (o.device.isEmpty() ? "no registered device" : "device " + o.device)
                + " at IP "
                + o.ip
                + ", "
                + Describe.place(o.geo)
                + (o.family.isEmpty() ? "" : ", " + o.family)
                + ", was redeemed at "
                + Describe.time(e.time())
                + (e.application().isEmpty() ? "" : " for " + e.application())
                + " from IP "
                + e.srcIp()
                + ", "
                + Describe.place(e.geo())
                + (family.isEmpty() ? "" : ", " + family)
                + ": "
                + why
                + "."));
  }

  @Override
  public int trackedKeys() {
    return sessions.size();
  }

  @Override
  public int largestKeyState() {
    return sessions.size() == 0 ? 0 : 1;
  }

  @Override
  public int maxKeys() {
    return sessions.cap();
  }

  @Override
  public int maxPerKey() {
    return 1;
  }
}
