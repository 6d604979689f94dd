package io.mantissa.itdr;

import io.mantissa.api.Severity;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Impossible travel: a successful sign-in whose location is at least the minimum distance from the
 * identity's previous successful sign-in, at a speed above the threshold, is a HIGH finding.
 * Sign-ins without coordinates are ignored; sign-ins from an allow-listed (VPN, cloud) ASN are
 * neither compared nor remembered. The previous sign-in is kept in the {@link StateStore} under
 * {@code itdr/travel/<identity>} so that it survives restarts (one small document per identity,
 * expiring after {@link ItdrSettings#stateTtl()}); an event older than the remembered sign-in
 * (late) is compared but does not replace it.
 */
final class ImpossibleTravelDetector implements Detector {
  static final String ID = "impossible_travel";

  private final StateStore store;
  private final double maxSpeedKmh;
  private final double minDistanceKm;
  private final Set<Long> allowListed;
  private final Duration ttl;

  ImpossibleTravelDetector(ItdrSettings settings, StateStore store) {
    this.store = store;
    this.maxSpeedKmh = settings.travelMaxSpeedKmh();
    this.minDistanceKm = settings.travelMinDistanceKm();
    this.allowListed = settings.allowListedAsns();
    this.ttl = settings.stateTtl();
  }

  /** The remembered sign-in. */
  record Last(Instant time, Geo geo, String eventId) {
    Last {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(geo, "geo");
      Objects.requireNonNull(eventId, "eventId");
    }

    String encode() {
      return String.join(
          "|",
          "1",
          Long.toString(time.toEpochMilli()),
          Double.toString(geo.latitude()),
          Double.toString(geo.longitude()),
          Long.toString(geo.asn()),
          geo.country(),
          geo.city().replace('|', ' '),
          eventId);
    }

    static Optional<Last> decode(String doc) {
      String[] p = doc.split("\\|", 8);
      if (p.length != 8 || !p[0].equals("1")) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Last(
                Instant.ofEpochMilli(Long.parseLong(p[1])),
                new Geo(
                    p[5],
                    p[6],
                    Double.parseDouble(p[2]),
                    Double.parseDouble(p[3]),
                    Long.parseLong(p[4])),
                p[7]));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
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
    String key = StateDocs.key("travel", e.identityKey());
    Optional<Last> previous = store.get(key).map(StateEntry::value).flatMap(Last::decode);
    Finding finding = previous.map(p -> compare(p, e)).orElse(null);
    if (previous.isEmpty() || !e.time().isBefore(previous.get().time())) {
      Last now = new Last(e.time(), e.geo(), e.eventId());
      StateDocs.update(store, key, ttl, old -> now.encode());
    }
    return finding == null ? List.of() : List.of(finding);
  }

  /** Remembers the sign-in as the previous one, without comparing. */
  @Override
  public void learn(IdentityEvent e) {
    if (!e.isSuccessfulSignIn()
        || !e.geo().hasCoordinates()
        || allowListed.contains(e.geo().asn())) {
      return;
    }
    String key = StateDocs.key("travel", e.identityKey());
    Last now = new Last(e.time(), e.geo(), e.eventId());
    StateDocs.update(
        store,
        key,
        ttl,
        old ->
            old == null || Last.decode(old).map(p -> !e.time().isBefore(p.time())).orElse(true)
                ? now.encode()
                : old);
  }

  private Finding compare(Last p, IdentityEvent e) {
    double km = Geo.distanceKm(p.geo(), e.geo());
    if (km < minDistanceKm || km == 0) {
      return null;
    }
    Instant earlier = p.time().isBefore(e.time()) ? p.time() : e.time();
    Instant later = p.time().isBefore(e.time()) ? e.time() : p.time();
    Duration gap = Duration.between(earlier, later);
    double hours = gap.toMillis() / 3_600_000.0;
    double speed = hours == 0 ? Double.POSITIVE_INFINITY : km / hours;
    if (speed <= maxSpeedKmh) {
      return null;
    }
    return new Finding(
        e.identityKey(),
        ID,
        Severity.HIGH,
        e.time(),
        KillChainStage.INITIAL_ACCESS,
        List.of("T1078"),
        p.time().isAfter(e.time())
            ? List.of(e.eventId(), p.eventId())
            : List.of(p.eventId(), e.eventId()),
        "successful sign-in for "
            + e.identityKey()
            + " from "
            + Describe.place(e.geo())
            + " (IP "
            + e.srcIp()
            + ") at "
            + Describe.time(e.time())
            + " is "
            + Describe.number(km)
            + " km from the previous successful sign-in from "
            + Describe.place(p.geo())
            + " at "
            + Describe.time(p.time())
            + ", "
            + Describe.duration(gap)
            + " apart: "
            + (Double.isInfinite(speed) ? "no time at all" : Describe.number(speed) + " km/h")
            + ", above the "
            + Describe.number(maxSpeedKmh)
            + " km/h threshold (minimum distance "
            + Describe.number(minDistanceKm)
            + " km; allow-listed ASNs are skipped).");
  }
}
