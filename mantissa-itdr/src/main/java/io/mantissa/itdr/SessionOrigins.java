package io.mantissa.itdr;

import java.time.Duration;
import java.time.Instant;

/**
 * The first event of each session (identity, source and session id) that a session detector
 * compares later events of the session with: at most {@link ItdrSettings#maxTrackedKeys()} sessions
 * (least recently seen dropped), each forgotten {@link ItdrSettings#sessionTtl()} after its first
 * event. Events without a session id or source IP, and failed events, are not part of a session
 * here. Not thread-safe, like the detectors that hold it.
 */
final class SessionOrigins {

  /** A session's first event, and whether the session was reported already. */
  static final class Origin {
    final Instant time;
    final String eventId;
    final String ip;
    final String family;
    final String device;
    final Geo geo;
    boolean reported;

    private Origin(IdentityEvent e) {
      this.time = e.time();
      this.eventId = e.eventId();
      this.ip = e.srcIp();
      this.family = UserAgents.family(e.userAgent());
      this.device = e.device();
      this.geo = e.geo();
    }
  }

  private final LruMap<String, Origin> sessions;
  private final Duration ttl;

  SessionOrigins(ItdrSettings settings) {
    this.sessions = new LruMap<>(settings.maxTrackedKeys());
    this.ttl = settings.sessionTtl();
  }

  /**
   * The origin of {@code e}'s session, to compare {@code e} with; {@code null} when {@code e} is
   * not part of a session or is its first event (then it becomes the origin: also when the
   * session's origin is older than the time to live).
   */
  Origin originOf(IdentityEvent e) {
    if (e.sessionId().isEmpty() || e.srcIp().isEmpty() || e.outcome() == Outcome.FAILURE) {
      return null;
    }
    String key = e.identityKey() + "\n" + e.source() + "\n" + e.sessionId();
    Origin o = sessions.get(key);
    if (o != null && e.time().isAfter(o.time.plus(ttl))) {
      sessions.remove(key);
      o = null;
    }
    if (o == null) {
      sessions.computeIfAbsent(key, () -> new Origin(e));
    }
    return o;
  }

  /** Sessions held now. */
  int size() {
    return sessions.size();
  }

  /** The most sessions held. */
  int cap() {
    return sessions.cap();
  }
}
