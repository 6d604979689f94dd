package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * MFA fatigue (push bombing): at least {@code N} denied or unanswered MFA challenges ({@link
 * Activity#MFA_DENY}) of one identity within a window, followed within the same window by a
 * successful sign-in or MFA approval, is a HIGH finding: the person most likely gave in. Any
 * approval clears the identity's denials, so one missed push followed by an approval never adds up.
 * State: per identity the last {@code N} denials, at most {@link ItdrSettings#maxTrackedKeys()}
 * identities.
 */
final class MfaFatigueDetector implements Detector, BoundedState {
  static final String ID = "mfa_fatigue";

  private final int threshold;
  private final Duration window;
  private final LruMap<String, ArrayDeque<Mark>> state;

  MfaFatigueDetector(ItdrSettings settings) {
    this.threshold = settings.mfaDenials();
    this.window = settings.mfaWindow();
    this.state = new LruMap<>(settings.maxTrackedKeys());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (e.activity() == Activity.MFA_DENY) {
      ArrayDeque<Mark> denials = state.computeIfAbsent(e.identityKey(), ArrayDeque::new);
      prune(denials, e.time());
      denials.addLast(Mark.of(e));
      if (denials.size() > threshold) {
        denials.removeFirst();
      }
      return List.of();
    }
    if (!e.isSuccessfulSignIn()) {
      return List.of();
    }
    ArrayDeque<Mark> denials = state.get(e.identityKey());
    if (denials == null) {
      return List.of();
    }
    state.remove(e.identityKey());
    prune(denials, e.time());
    if (denials.size() < threshold) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    denials.forEach(m -> ids.add(m.eventId()));
    ids.add(e.eventId());
    Mark first = denials.peekFirst();
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.HIGH,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1621", "T1078"),
            ids,
            "MFA approval / sign-in for "
                + e.identityKey()
                + " ("
                + e.source()
                + ") at "
                + Describe.time(e.time())
                + " came after "
                + denials.size()
                + " denied or unanswered MFA challenges since "
                + Describe.time(first.time())
                + ", compared with the threshold of "
                + threshold
                + " within "
                + Describe.duration(window)
                + "."));
  }

  private void prune(ArrayDeque<Mark> denials, Instant now) {
    Mark.dropBefore(denials, now.minus(window));
  }

  @Override
  public int trackedKeys() {
    return state.size();
  }

  @Override
  public int largestKeyState() {
    return state.largest(ArrayDeque::size);
  }

  @Override
  public int maxKeys() {
    return state.cap();
  }

  @Override
  public int maxPerKey() {
    return threshold;
  }
}
