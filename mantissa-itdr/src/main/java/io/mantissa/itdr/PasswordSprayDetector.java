package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Password spray: one source IP with failed logins against at least {@code M} distinct identities
 * within a window is a HIGH finding (once per burst: the next needs the IP's window to clear). An
 * identity that then signs in successfully from the same IP is taken off the IP's list (a typo
 * behind a shared office or carrier address, not a sprayed account). Findings carry {@code ip:} and
 * the address as identity. State: per IP the last failure of at most {@code M} identities, at most
 * {@link ItdrSettings#maxTrackedKeys()} IPs.
 */
final class PasswordSprayDetector implements Detector, BoundedState {
  static final String ID = "password_spray";

  private final int threshold;
  private final Duration window;
  private final LruMap<String, State> state;

  PasswordSprayDetector(ItdrSettings settings) {
    this.threshold = settings.sprayIdentities();
    this.window = settings.sprayWindow();
    this.state = new LruMap<>(settings.maxTrackedKeys());
  }

  private static final class State {
    /** Identity to its latest failure, oldest first. */
    final LinkedHashMap<String, Mark> identities = new LinkedHashMap<>();

    boolean reported;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (e.srcIp().isEmpty()) {
      return List.of();
    }
    if (e.isSuccessfulSignIn()) {
      State s = state.get(e.srcIp());
      if (s != null) {
        s.identities.remove(e.identityKey());
        prune(s, e.time());
      }
      return List.of();
    }
    if (e.activity() != Activity.LOGIN || e.outcome() != Outcome.FAILURE) {
      return List.of();
    }
    State s = state.computeIfAbsent(e.srcIp(), State::new);
    prune(s, e.time());
    s.identities.remove(e.identityKey());
    s.identities.put(e.identityKey(), Mark.of(e));
    if (s.identities.size() > threshold) {
      Iterator<String> it = s.identities.keySet().iterator();
      it.next();
      it.remove();
    }
    if (s.identities.size() < threshold || s.reported) {
      return List.of();
    }
    s.reported = true;
    List<String> ids = new ArrayList<>();
    s.identities.values().forEach(m -> ids.add(m.eventId()));
    Mark first = s.identities.values().iterator().next();
    List<String> sample = s.identities.keySet().stream().limit(5).toList();
    return List.of(
        new Finding(
            "ip:" + e.srcIp(),
            ID,
            Severity.HIGH,
            e.time(),
            KillChainStage.CREDENTIAL_ATTACK,
            List.of("T1110.003"),
            ids,
            "source IP "
                + e.srcIp()
                + " failed logins against "
                + s.identities.size()
                + " distinct identities (for example "
                + String.join(", ", sample)
                + ") from "
                + Describe.time(first.time())
                + " to "
                + Describe.time(e.time())
                + ", compared with the threshold of "
                + threshold
                + " within "
                + Describe.duration(window)
                + "; identities that then signed in from the IP are not counted."));
  }

  private void prune(State s, Instant now) {
    Instant from = now.minus(window);
    Iterator<Map.Entry<String, Mark>> it = s.identities.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().time().isBefore(from)) {
        it.remove();
      } else {
        break;
      }
    }
    if (s.identities.isEmpty()) {
      s.reported = false;
    }
  }

  @Override
  public int trackedKeys() {
    return state.size();
  }

  @Override
  public int largestKeyState() {
    return state.largest(s -> s.identities.size());
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
