package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Concurrent sessions from distant places: successful sign-ins of one identity that go from place A
 * to a place B at least {@link ItdrSettings#travelMinDistanceKm()} (default 500 km) away and back
 * to A, all within {@link ItdrSettings#concurrentWindow()} (default 1 h), is a HIGH finding: the
 * person is active in both places at once, which no journey explains (impossible travel compares
 * only consecutive sign-ins; a return to the first place rules out a trip). Typical of shared or
 * stolen credentials and replayed sessions used next to the owner. Sign-ins without coordinates and
 * from allow-listed ASNs are ignored. Once per window. State: per identity its located sign-ins of
 * the window (at most 16), at most {@link ItdrSettings#maxTrackedKeys()} identities.
 */
final class ConcurrentSessionsDetector implements Detector, BoundedState {
  static final String ID = "concurrent_sessions";
  static final int MAX_PER_IDENTITY = 16;

  private final Duration window;
  private final double minDistanceKm;
  private final Set<Long> allowListed;
  private final LruMap<String, State> state;

  private record Located(Instant time, String eventId, String ip, Geo geo) {}

  private static final class State {
    final ArrayDeque<Located> signIns = new ArrayDeque<>();
    Instant reported;
  }

  ConcurrentSessionsDetector(ItdrSettings settings) {
    this.window = settings.concurrentWindow();
    this.minDistanceKm = Math.max(1, settings.travelMinDistanceKm());
    this.allowListed = settings.allowListedAsns();
    this.state = new LruMap<>(settings.maxTrackedKeys());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (!e.isSuccessfulSignIn()
        || !e.geo().hasCoordinates()
        || allowListed.contains(e.geo().asn())) {
      return List.of();
    }
    State s = state.computeIfAbsent(e.identityKey(), State::new);
    Instant from = e.time().minus(window);
    while (!s.signIns.isEmpty() && s.signIns.peekFirst().time().isBefore(from)) {
      s.signIns.removeFirst();
    }
    Located now = new Located(e.time(), e.eventId(), e.srcIp(), e.geo());
    Located far = null;
    Located back = null;
    // newest first: the latest distant sign-in, then an earlier one near this place
    Iterator<Located> it = s.signIns.descendingIterator();
    while (it.hasNext()) {
      Located l = it.next();
      double km = Geo.distanceKm(l.geo(), now.geo());
      if (far == null) {
        if (km >= minDistanceKm) {
          far = l;
        }
      } else if (km < minDistanceKm && Geo.distanceKm(l.geo(), far.geo()) >= minDistanceKm) {
        back = l;
        break;
      }
    }
    s.signIns.addLast(now);
    if (s.signIns.size() > MAX_PER_IDENTITY) {
      s.signIns.removeFirst();
    }
    if (back == null || (s.reported != null && !s.reported.isBefore(from))) {
      return List.of();
    }
    s.reported = e.time();
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.HIGH,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1078"),
            List.of(back.eventId(), far.eventId(), now.eventId()),
            "successful sign-ins for "
                + e.identityKey()
                + " alternate between "
                + Describe.place(now.geo())
                + " (IP "
                + back.ip()
                + " at "
                + Describe.time(back.time())
                + ", IP "
                + now.ip()
                + " at "
                + Describe.time(now.time())
                + ") and "
                + Describe.place(far.geo())
                + " (IP "
                + far.ip()
                + " at "
                + Describe.time(far.time())
                + "), "
                + Describe.number(Geo.distanceKm(now.geo(), far.geo()))
                + " km apart, within "
                + Describe.duration(Duration.between(back.time(), now.time()))
                + " (window "
                + Describe.duration(window)
                + ", minimum distance "
                + Describe.number(minDistanceKm)
                + " km): two places active at once, not a journey."));
  }

  @Override
  public int trackedKeys() {
    return state.size();
  }

  @Override
  public int largestKeyState() {
    return state.largest(s -> s.signIns.size());
  }

  @Override
  public int maxKeys() {
    return state.cap();
  }

  @Override
  public int maxPerKey() {
    return MAX_PER_IDENTITY;
  }
}
