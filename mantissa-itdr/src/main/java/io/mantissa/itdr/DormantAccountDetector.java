package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dormant account activation, two ways. (1) A successful sign-in of an identity whose {@link
 * Baseline} shows a previous successful sign-in at least {@link ItdrSettings#dormantPeriod()}
 * (default 30 days) earlier and none since. (2) An account enabled again ({@link
 * Activity#ACCOUNT_ENABLE}: Okta reactivate or unsuspend, Entra ID enable or restore, Google
 * unsuspend, Slack reactivate, GitHub unsuspend) and then signing in successfully within {@link
 * ItdrSettings#reactivationWindow()} (default 24 h), when it has no successful sign-in in its
 * baseline within the dormant period (or none at all): a disabled account is dormant by definition,
 * even when this deployment never saw it before. MEDIUM (a returning employee looks the same; the
 * place and device of the sign-in are in the explanation), once per sign-in that ends the dormancy;
 * the baseline learns the sign-in, so the next one is not reported. State: the latest reactivation
 * of at most {@link ItdrSettings#maxTrackedKeys()} accounts.
 */
final class DormantAccountDetector implements Detector, BoundedState {
  static final String ID = "dormant_account";

  private final Baselines baselines;
  private final Duration period;
  private final Duration reactivationWindow;
  private final LruMap<String, Mark> reactivations;

  DormantAccountDetector(Baselines baselines) {
    this.baselines = baselines;
    this.period = baselines.settings().dormantPeriod();
    this.reactivationWindow = baselines.settings().reactivationWindow();
    this.reactivations = new LruMap<>(baselines.settings().maxTrackedKeys());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (e.activity() == Activity.ACCOUNT_ENABLE
        && e.outcome() != Outcome.FAILURE
        && !e.targetUser().isEmpty()) {
      reactivations.remove(e.targetUser());
      reactivations.computeIfAbsent(
          e.targetUser(), () -> new Mark(e.time(), e.eventId(), e.identityKey()));
      return List.of();
    }
    if (!e.isSuccessfulSignIn()) {
      return List.of();
    }
    Mark reactivated = reactivations.get(e.identityKey());
    if (reactivated != null && e.time().isAfter(reactivated.time().plus(reactivationWindow))) {
      reactivations.remove(e.identityKey());
      reactivated = null;
    }
    Optional<Baseline> known = baselines.of(e.identityKey());
    // a baseline that already holds this sign-in or later ones (a batch run again over the same
    // range) cannot tell how long the account slept: only "no sign-in before" is used then
    boolean signedInBefore = known.isPresent() && known.get().signedInBefore(e.time());
    boolean dormant =
        signedInBefore
            && known.get().lastSignIn().isBefore(e.time())
            && Duration.between(known.get().lastSignIn(), e.time()).compareTo(period) >= 0;
    if (!dormant && !(reactivated != null && !signedInBefore)) {
      return List.of();
    }
    if (reactivated != null) {
      reactivations.remove(e.identityKey());
    }
    List<String> evidence = new ArrayList<>();
    StringBuilder what = new StringBuilder();
    what.append("successful sign-in for ")
        .append(e.identityKey())
        .append(" (")
        .append(e.source())
        .append(") from ")
        .append(Describe.place(e.geo()))
        .append(" (IP ")
        .append(e.srcIp().isEmpty() ? "unknown" : e.srcIp())
        .append(e.userAgent().isEmpty() ? "" : ", " + UserAgents.family(e.userAgent()))
        .append(") at ")
        .append(Describe.time(e.time()));
    if (dormant) {
      what.append(": its previous successful sign-in was at ")
          .append(Describe.time(known.get().lastSignIn()))
          .append(", ")
          .append(Describe.duration(Duration.between(known.get().lastSignIn(), e.time())))
          .append(" earlier, compared with the dormant period of ")
          .append(Describe.duration(period));
    } else {
      what.append(": no earlier successful sign-in known");
    }
    if (reactivated != null) {
      evidence.add(reactivated.eventId());
      what.append("; the account was reactivated by ")
          .append(reactivated.detail())
          .append(" at ")
          .append(Describe.time(reactivated.time()))
          .append(", ")
          .append(Describe.duration(Duration.between(reactivated.time(), e.time())))
          .append(" before");
    }
    evidence.add(e.eventId());
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.MEDIUM,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1078"),
            evidence,
            what.append('.').toString()));
  }

  @Override
  public int trackedKeys() {
    return reactivations.size();
  }

  @Override
  public int largestKeyState() {
    return reactivations.size() == 0 ? 0 : 1;
  }

  @Override
  public int maxKeys() {
    return reactivations.cap();
  }

  @Override
  public int maxPerKey() {
    return 1;
  }
}
