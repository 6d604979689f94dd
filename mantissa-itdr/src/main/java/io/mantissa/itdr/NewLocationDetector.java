package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New country or new ASN for an identity, against its {@link Baseline} ({@link Baselines}, {@code
 * itdr/baseline/<identity>} in the state store). A located successful sign-in from a country the
 * baseline does not hold is a MEDIUM finding; from a known country but an ASN the baseline does not
 * hold, an INFORMATIONAL finding (a risk signal, not worth a notification: in the scenario runs a
 * phone network first used after the learning period is the usual cause, see docs/itdr.md). While
 * the baseline is learning (fewer than {@link ItdrSettings#learningMinSignIns()} located sign-ins,
 * or first seen less than {@link ItdrSettings#learningPeriod()} ago, by event time) nothing is
 * reported: the sign-in is only learned. Sign-ins from allow-listed ASNs are ignored. Every other
 * located sign-in is added to the baseline (by {@link Baselines}, after the detectors ran), so each
 * new place is reported once.
 */
final class NewLocationDetector implements Detector {
  static final String ID = "new_location";
  private static final Logger LOG = LoggerFactory.getLogger(NewLocationDetector.class);

  private final Baselines baselines;
  private final ItdrSettings settings;
  private final Set<Long> allowListed;

  NewLocationDetector(Baselines baselines) {
    this.baselines = baselines;
    this.settings = baselines.settings();
    this.allowListed = settings.allowListedAsns();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    Geo geo = e.geo();
    if (!e.isSuccessfulSignIn()
        || (!geo.hasCountry() && geo.asn() == 0)
        || allowListed.contains(geo.asn())) {
      return List.of();
    }
    Optional<Baseline> known = baselines.of(e.identityKey());
    if (known.isEmpty()) {
      return List.of();
    }
    Baseline b = known.get();
    if (b.learning(e.time(), settings.learningMinSignIns(), settings.learningPeriod())) {
      LOG.debug("itdr: {} baseline learning ({} sign-ins)", e.identityKey(), b.signIns());
      return List.of();
    }
    boolean newCountry = geo.hasCountry() && !b.countries().contains(geo.country());
    boolean newAsn = geo.asn() != 0 && !b.asns().contains(geo.asn());
    if (!newCountry && !newAsn) {
      return List.of();
    }
    List<String> what = new ArrayList<>();
    if (newCountry) {
      what.add("country " + geo.country() + " is not among its countries " + b.countries());
    }
    if (newAsn) {
      what.add("AS" + geo.asn() + " is not among its ASNs " + b.asns());
    }
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            newCountry ? Severity.MEDIUM : Severity.INFORMATIONAL,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1078"),
            List.of(e.eventId()),
            "successful sign-in for "
                + e.identityKey()
                + " from "
                + Describe.place(geo)
                + " (IP "
                + e.srcIp()
                + ") at "
                + Describe.time(e.time())
                + " compared with its baseline of "
                + b.signIns()
                + " located sign-ins since "
                + Describe.time(b.firstSeen())
                + ": "
                + String.join("; ", what)
                + "."));
  }

  /** The identity's baseline, for tests and the API. */
  Optional<Baseline> baseline(String identityKey) {
    return baselines.of(identityKey);
  }

  /** Whether {@code identityKey} is still learning at event time {@code now}. */
  boolean learning(String identityKey, Instant now) {
    return baseline(identityKey)
        .map(b -> b.learning(now, settings.learningMinSignIns(), settings.learningPeriod()))
        .orElse(true);
  }
}
