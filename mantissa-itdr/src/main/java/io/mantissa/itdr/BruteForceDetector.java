package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Brute force: {@code N} failed logins of one identity within a window is a MEDIUM finding (once
 * per burst: the next one needs the window to clear of failures first); a successful sign-in while
 * at least {@code N} failures are in the window is a HIGH finding. Any successful sign-in clears
 * the identity's failures, so typos followed by a success never add up. Only {@link Activity#LOGIN}
 * failures count; MFA denials and Entra ID interrupts do not. State: per identity the last {@code
 * N} failures, at most {@link ItdrSettings#maxTrackedKeys()} identities (least recently seen
 * dropped).
 */
final class BruteForceDetector implements Detector, BoundedState {
  static final String ID = "brute_force";

  private final int threshold;
  private final Duration window;
  private final LruMap<String, State> state;

  BruteForceDetector(ItdrSettings settings) {
    this.threshold = settings.bruteForceFailures();
    this.window = settings.bruteForceWindow();
    this.state = new LruMap<>(settings.maxTrackedKeys());
  }

  private static final class State {
    final ArrayDeque<Mark> failures = new ArrayDeque<>();
    boolean reported;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (e.activity() == Activity.LOGIN && e.outcome() == Outcome.FAILURE) {
      State s = state.computeIfAbsent(e.identityKey(), State::new);
      prune(s, e.time());
      s.failures.addLast(Mark.of(e));
      if (s.failures.size() > threshold) {
        s.failures.removeFirst();
      }
      if (s.failures.size() >= threshold && !s.reported) {
        s.reported = true;
        return List.of(attempt(e, s));
      }
      return List.of();
    }
    if (e.isSuccessfulSignIn()) {
      State s = state.get(e.identityKey());
      if (s == null) {
        return List.of();
      }
      prune(s, e.time());
      state.remove(e.identityKey());
      if (s.failures.size() >= threshold) {
        return List.of(success(e, s));
      }
    }
    return List.of();
  }

  private void prune(State s, Instant now) {
    Mark.dropBefore(s.failures, now.minus(window));
    if (s.failures.isEmpty()) {
      s.reported = false;
    }
  }

  private Finding attempt(IdentityEvent e, State s) {
    Mark first = s.failures.peekFirst();
    return new Finding(
        e.identityKey(),
        ID,
        Severity.MEDIUM,
        e.time(),
        KillChainStage.CREDENTIAL_ATTACK,
        List.of("T1110.001"),
        ids(s, null),
        s.failures.size()
            + " failed logins for "
            + e.identityKey()
            + " from "
            + Describe.time(first.time())
            + " to "
            + Describe.time(e.time())
            + " ("
            + Describe.duration(Duration.between(first.time(), e.time()))
            + "), compared with the threshold of "
            + threshold
            + " within "
            + Describe.duration(window)
            + "; sources: "
            + sources(s)
            + ".");
  }

  private Finding success(IdentityEvent e, State s) {
    return new Finding(
        e.identityKey(),
        ID,
        Severity.HIGH,
        e.time(),
        KillChainStage.INITIAL_ACCESS,
        List.of("T1110.001", "T1078"),
        ids(s, e),
        "successful sign-in for "
            + e.identityKey()
            + " from "
            + (e.srcIp().isEmpty() ? "an unknown IP" : e.srcIp())
            + " at "
            + Describe.time(e.time())
            + " after "
            + s.failures.size()
            + " failed logins within the preceding "
            + Describe.duration(window)
            + " (threshold "
            + threshold
            + "; sources: "
            + sources(s)
            + ").");
  }

  private static List<String> ids(State s, IdentityEvent last) {
    List<String> ids = new ArrayList<>();
    s.failures.forEach(m -> ids.add(m.eventId()));
    if (last != null) {
      ids.add(last.eventId());
    }
    return ids;
  }

  private static String sources(State s) {
    return String.join(
        ", ",
        s.failures.stream()
            .map(m -> m.detail().isEmpty() ? "unknown IP" : m.detail())
            .distinct()
            .limit(5)
            .toList());
  }

  @Override
  public int trackedKeys() {
    return state.size();
  }

  @Override
  public int largestKeyState() {
    return state.largest(s -> s.failures.size());
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
