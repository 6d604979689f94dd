package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Peer anomaly: a successful sign-in with something that neither the identity's own {@link
 * Baseline} nor the {@link PeerBaseline} of any of its peer groups ({@link PeerGroups}) holds. Two
 * kinds, each its own finding:
 *
 * <ul>
 *   <li><b>application</b>: an application the identity and every one of its groups never signed in
 *       to ("finance peers never used GitHub Enterprise; alice did"): MEDIUM, lateral movement,
 *       T1078 + T1021.007;
 *   <li><b>location</b>: a located sign-in (ASN not allow-listed) from a country (MEDIUM) or, in a
 *       country known to the identity or its peers, an ASN (LOW) that neither the identity nor any
 *       of its groups holds: initial access, T1078.
 * </ul>
 *
 * <p>A person's own habits are never reported: the value must be missing from their own baseline
 * too. A value known to any of the person's groups, learning or not, is not reported. Nothing is
 * reported unless at least one of the groups is out of learning ({@link PeerSettings}: enough
 * members, sign-ins and days): groups that are learning are silent. The identity's own baseline may
 * be learning or missing (a new hire): that is where the peers help most, but the severity is one
 * step lower (MEDIUM to LOW, LOW to INFORMATIONAL) and the explanation says so. Without {@link
 * PeerGroups} (the default) the detector is not installed. Each value is reported once per person
 * and group set: after the sign-in it is learned into both baselines.
 */
final class PeerAnomalyDetector implements Detector {
  static final String ID = "peer_anomaly";

  private final Baselines baselines;
  private final PeerBaselines peers;

  PeerAnomalyDetector(Baselines baselines, PeerBaselines peers) {
    this.baselines = baselines;
    this.peers = peers;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (!e.isSuccessfulSignIn()) {
      return List.of();
    }
    List<String> groups = peers.groupsOf(e.identityKey());
    if (groups.isEmpty()) {
      return List.of();
    }
    List<PeerBaseline> all = new ArrayList<>();
    List<PeerBaseline> established = new ArrayList<>();
    for (String g : groups) {
      Optional<PeerBaseline> b = peers.of(g);
      if (b.isPresent()) {
        all.add(b.get());
        if (!peers.learning(b.get(), e.time())) {
          established.add(b.get());
        }
      }
    }
    if (established.isEmpty()) {
      return List.of();
    }
    Optional<Baseline> own = baselines.of(e.identityKey());
    boolean ownLearning = own.isEmpty() || baselines.behaviourLearning(own.get(), e.time());
    List<Finding> found = new ArrayList<>();
    String app = e.application();
    if (!app.isEmpty()
        && own.map(b -> !b.applications().contains(app)).orElse(true)
        && all.stream().noneMatch(p -> p.applications().contains(app))) {
      found.add(
          finding(
              e,
              damp(Severity.MEDIUM, ownLearning),
              KillChainStage.LATERAL_MOVEMENT,
              List.of("T1078", "T1021.007"),
              "to application \"" + app + "\"",
              own,
              ownLearning,
              established,
              "never used application \"" + app + "\"",
              own.map(b -> "its applications " + b.applications()).orElse("")));
    }
    Geo geo = e.geo();
    boolean located =
        (geo.hasCountry() || geo.asn() != 0)
            && !baselines.settings().allowListedAsns().contains(geo.asn());
    if (located) {
      boolean newCountry =
          geo.hasCountry()
              && own.map(b -> !b.countries().contains(geo.country())).orElse(true)
              && all.stream().noneMatch(p -> p.countries().contains(geo.country()));
      boolean newAsn =
          geo.asn() != 0
              && own.map(b -> !b.asns().contains(geo.asn())).orElse(true)
              && all.stream().noneMatch(p -> p.asns().contains(geo.asn()));
      if (newCountry || newAsn) {
        String what = newCountry ? "country " + geo.country() : "AS" + geo.asn();
        found.add(
            finding(
                e,
                damp(newCountry ? Severity.MEDIUM : Severity.LOW, ownLearning),
                KillChainStage.INITIAL_ACCESS,
                List.of("T1078"),
                "from "
                    + Describe.place(geo)
                    + (e.srcIp().isEmpty() ? "" : " (IP " + e.srcIp() + ")"),
                own,
                ownLearning,
                established,
                "never signed in from " + what,
                own.map(b -> newCountry ? "its countries " + b.countries() : "its ASNs " + b.asns())
                    .orElse("")));
      }
    }
    return found;
  }

  private static Severity damp(Severity s, boolean learning) {
    if (!learning) {
      return s;
    }
    return s == Severity.MEDIUM ? Severity.LOW : Severity.INFORMATIONAL;
  }

  private Finding finding(
      IdentityEvent e,
      Severity severity,
      KillChainStage stage,
      List<String> mitre,
      String subject,
      Optional<Baseline> own,
      boolean ownLearning,
      List<PeerBaseline> established,
      String peersNever,
      String ownValues) {
    int maxMembers = peers.peerSettings().maxMembers();
    List<String> described = new ArrayList<>();
    for (PeerBaseline p : established) {
      described.add(p.describe(maxMembers));
    }
    String ownPart =
        own.isEmpty()
            ? e.identityKey() + " has no baseline yet (first sign-in)"
            : e.identityKey()
                + "'s own baseline ("
                + own.get().describe()
                + (ownLearning ? ", still learning" : "")
                + ") does not hold it either: "
                + ownValues;
    return new Finding(
        e.identityKey(),
        ID,
        severity,
        e.time(),
        stage,
        mitre,
        List.of(e.eventId()),
        "successful sign-in for "
            + e.identityKey()
            + " ("
            + e.source()
            + ") "
            + subject
            + " at "
            + Describe.time(e.time())
            + ": its peers "
            + String.join(" and ", described)
            + " "
            + peersNever
            + "; "
            + ownPart
            + ".");
  }
}
