package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.util.List;
import java.util.Optional;

/**
 * New device or user agent: a successful sign-in whose user-agent family ({@link UserAgents}:
 * browser or client and operating system, no versions) is not among the identity's known families,
 * and whose device (when the record names one) is not among its known devices, against its {@link
 * Baseline}. LOW: a new phone or browser is common; it is a risk signal and context for other
 * findings. Nothing is reported while the behaviour baseline is learning or has no user agent yet,
 * nor for sign-ins without a user agent (or with a client-type name instead of one, see {@link
 * UserAgents#family}). Once per identity and family: the family is learned after the sign-in.
 */
final class NewDeviceDetector implements Detector {
  static final String ID = "new_device";

  private final Baselines baselines;

  NewDeviceDetector(Baselines baselines) {
    this.baselines = baselines;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (!e.isSuccessfulSignIn() || e.userAgent().isEmpty()) {
      return List.of();
    }
    Optional<Baseline> known = baselines.of(e.identityKey());
    if (known.isEmpty()
        || baselines.behaviourLearning(known.get(), e.time())
        || known.get().agents().isEmpty()) {
      return List.of();
    }
    Baseline b = known.get();
    String family = UserAgents.family(e.userAgent());
    if (family.isEmpty()
        || b.agents().contains(family)
        || (!e.device().isEmpty() && b.devices().contains(e.device()))) {
      return List.of();
    }
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.LOW,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1078"),
            List.of(e.eventId()),
            "successful sign-in for "
                + e.identityKey()
                + " ("
                + e.source()
                + ") at "
                + Describe.time(e.time())
                + " from IP "
                + (e.srcIp().isEmpty() ? "unknown" : e.srcIp())
                + " with "
                + family
                + (e.device().isEmpty() ? "" : " on device " + e.device())
                + ", compared with its baseline of "
                + b.describe()
                + ": not among its user agents "
                + b.agents()
                + (e.device().isEmpty() ? "" : " nor its devices " + b.devices())
                + "."));
  }
}
