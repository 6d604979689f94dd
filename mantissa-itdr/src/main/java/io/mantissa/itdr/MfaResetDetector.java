package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MFA reset or enrolment followed by an unfamiliar sign-in: an account's factors reset, removed or
 * bypassed ({@link Activity#MFA_RESET}: Okta {@code user.mfa.factor.deactivate} / {@code
 * reset_all}, Entra ID security info deleted, Google 2SV turned off, Duo bypass codes, AWS MFA
 * device deactivated) or a factor enrolled ({@link Activity#MFA_ENROLL}: Okta {@code
 * user.mfa.factor.activate}, Entra ID security info registered, Google 2SV enrolment, AWS MFA
 * device enabled), by the account or by an administrator, and then, within {@link
 * ItdrSettings#mfaChangeWindow()} (default 24 h), a successful sign-in of that account from a
 * country, an ASN or a user-agent family its {@link Baseline} does not hold is a HIGH finding: the
 * help-desk social-engineering and factor-takeover pattern (reset the victim's MFA, enrol the
 * attacker's authenticator, sign in). A reset or enrolment followed by sign-ins from the usual
 * places and browsers (the person's new phone at home) reports nothing; nor does one for an account
 * whose places are still learning (nothing to compare with), nor sign-ins from allow-listed ASNs
 * (for the place). Once per change. State: the latest change of at most {@link
 * ItdrSettings#maxTrackedKeys()} accounts.
 */
final class MfaResetDetector implements Detector, BoundedState {
  static final String ID = "mfa_reset";

  private final Baselines baselines;
  private final Duration window;
  private final Set<Long> allowListed;
  private final LruMap<String, Change> changes;

  private record Change(Mark mark, Activity activity, String actor, String source) {}

  MfaResetDetector(Baselines baselines) {
    this.baselines = baselines;
    this.window = baselines.settings().mfaChangeWindow();
    this.allowListed = baselines.settings().allowListedAsns();
    this.changes = new LruMap<>(baselines.settings().maxTrackedKeys());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if ((e.activity() == Activity.MFA_RESET || e.activity() == Activity.MFA_ENROLL)
        && e.outcome() != Outcome.FAILURE) {
      String account = e.targetUser().isEmpty() ? e.identityKey() : e.targetUser();
      changes.remove(account);
      changes.computeIfAbsent(
          account, () -> new Change(Mark.of(e), e.activity(), e.identityKey(), e.source()));
      return List.of();
    }
    if (!e.isSuccessfulSignIn()) {
      return List.of();
    }
    Change c = changes.get(e.identityKey());
    if (c == null) {
      return List.of();
    }
    if (e.time().isAfter(c.mark().time().plus(window))) {
      changes.remove(e.identityKey());
      return List.of();
    }
    Optional<Baseline> known = baselines.of(e.identityKey());
    ItdrSettings s = baselines.settings();
    if (known.isEmpty()
        || known.get().learning(e.time(), s.learningMinSignIns(), s.learningPeriod())) {
      return List.of();
    }
    Baseline b = known.get();
    List<String> unfamiliar = new ArrayList<>();
    Geo geo = e.geo();
    if (!allowListed.contains(geo.asn())) {
      if (geo.hasCountry() && !b.countries().contains(geo.country())) {
        unfamiliar.add("country " + geo.country() + " is not among " + b.countries());
      }
      if (geo.asn() != 0 && !b.asns().isEmpty() && !b.asns().contains(geo.asn())) {
        unfamiliar.add("AS" + geo.asn() + " is not among " + b.asns());
      }
    }
    String family = UserAgents.family(e.userAgent());
    if (!family.isEmpty() && !b.agents().isEmpty() && !b.agents().contains(family)) {
      unfamiliar.add("user agent " + family + " is not among " + b.agents());
    }
    if (unfamiliar.isEmpty()) {
      return List.of();
    }
    changes.remove(e.identityKey());
    boolean reset = c.activity() == Activity.MFA_RESET;
    String by = c.actor().equals(e.identityKey()) ? "by the account itself" : "by " + c.actor();
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.HIGH,
            e.time(),
            reset ? KillChainStage.DEFENSE_EVASION : KillChainStage.PERSISTENCE,
            reset ? List.of("T1556.006", "T1078") : List.of("T1098.005", "T1556.006"),
            List.of(c.mark().eventId(), e.eventId()),
            (reset ? "MFA factors reset or removed" : "MFA factor enrolled")
                + " for "
                + e.identityKey()
                + " ("
                + c.source()
                + ", "
                + by
                + (c.mark().detail().isEmpty() ? "" : " from IP " + c.mark().detail())
                + ") at "
                + Describe.time(c.mark().time())
                + ", then "
                + Describe.duration(Duration.between(c.mark().time(), e.time()))
                + " later a successful sign-in ("
                + e.source()
                + ") from "
                + Describe.place(geo)
                + " (IP "
                + (e.srcIp().isEmpty() ? "unknown" : e.srcIp())
                + ") compared with its baseline of "
                + b.signIns()
                + " located sign-ins: "
                + String.join("; ", unfamiliar)
                + " (window "
                + Describe.duration(window)
                + ")."));
  }

  @Override
  public int trackedKeys() {
    return changes.size();
  }

  @Override
  public int largestKeyState() {
    return changes.size() == 0 ? 0 : 1;
  }

  @Override
  public int maxKeys() {
    return changes.cap();
  }

  @Override
  public int maxPerKey() {
    return 1;
  }
}
