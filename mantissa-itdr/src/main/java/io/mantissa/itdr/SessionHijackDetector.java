package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.util.List;
import java.util.Set;

/**
 * Session hijacking: one provider session ({@link IdentityEvent#sessionId()}: Okta {@code
 * externalSessionId}, Entra ID {@code sessionId}) used from another IP with another user-agent
 * family, or from another country, than the event that started it, is a HIGH finding: a stolen
 * session cookie or token replayed elsewhere. The first event seen of a session is its origin (IP,
 * user-agent family, country, ASN); a later event of the same identity and session is compared with
 * it. The same browser on another IP in the same country (Wi-Fi to phone network, a VPN reconnect)
 * is not reported; nor are events from allow-listed ASNs or failed events. Once per session.
 * Sources without session ids are not covered. State: the origin of at most {@link
 * ItdrSettings#maxTrackedKeys()} sessions, each forgotten {@link ItdrSettings#sessionTtl()}
 * (default 24 h) after it started.
 */
final class SessionHijackDetector implements Detector, BoundedState {
  static final String ID = "session_hijack";

  private final SessionOrigins sessions;
  private final Set<Long> allowListed;

  SessionHijackDetector(ItdrSettings settings) {
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
    if (o.reported || o.ip.equals(e.srcIp()) || allowListed.contains(e.geo().asn())) {
      return List.of();
    }
    String family = UserAgents.family(e.userAgent());
    boolean otherAgent = !family.isEmpty() && !o.family.isEmpty() && !family.equals(o.family);
    boolean otherCountry =
        e.geo().hasCountry() && o.geo.hasCountry() && !e.geo().country().equals(o.geo.country());
    if (!otherAgent && !otherCountry) {
      return List.of();
    }
    o.reported = true;
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.HIGH,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1550.004", "T1539"),
            List.of(o.eventId, e.eventId()),
            "session "
                + e.sessionId()
                + " of "
                + e.identityKey()
                + " ("
                + e.source()
                + ") started at "
                + Describe.time(o.time)
                + " from IP "
                + o.ip
                + ", "
                + Describe.place(o.geo)
                + (o.family.isEmpty() ? "" : ", " + o.family)
                + ", was used at "
                + Describe.time(e.time())
                + " from IP "
                + e.srcIp()
                + ", "
                + Describe.place(e.geo())
                + (family.isEmpty() ? "" : ", " + family)
                + ": "
                + (otherAgent && otherCountry
                    ? "another browser and another country"
                    : otherAgent ? "another IP and another browser" : "another country")
                + " within one session."));
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
