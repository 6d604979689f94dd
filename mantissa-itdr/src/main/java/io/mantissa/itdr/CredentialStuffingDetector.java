package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Credential stuffing: leaked username and password pairs replayed through rotating proxies. Failed
 * logins of at least {@code N} distinct identities (default 20) from one network, coming from at
 * least {@code A} distinct source IPs (default 5), with at most {@code K} failures per identity
 * (default 3; an identity failing more often is being guessed, which is brute force), within a
 * window (default 15 minutes), are a HIGH finding keyed by the network (once per burst). A network
 * is the source ASN ({@code asn:<number>}) when it is known, else the provider's whole sign-in
 * stream ({@code source:<id>}): proxy pools are rarely in a GeoIP database. A later successful
 * sign-in, within the window, of an identity that failed in a reported burst, from one of the
 * burst's addresses or its ASN, is a HIGH finding keyed by the identity: a stuffed credential
 * worked.
 *
 * <p>How it differs from {@link PasswordSprayDetector}: a spray is one source IP trying one or a
 * few passwords against many accounts (slowly, under lockout thresholds); stuffing is one list of
 * pairs tried once each, spread over many addresses so that no address stands out, often with many
 * usernames that do not exist. The spray detector keys on one IP and needs no address rotation;
 * this detector needs the rotation ({@code A} addresses) and ignores identities with more than
 * {@code K} failures. State: per network the failures in the window of at most {@code N} identities
 * ({@code K + 1} each) and the identities and addresses of the last reported burst, at most {@link
 * ItdrSettings#maxTrackedKeys()} networks.
 */
final class CredentialStuffingDetector implements Detector, BoundedState {
  static final String ID = "credential_stuffing";

  private final int identities;
  private final int addresses;
  private final int maxPerIdentity;
  private final Duration window;
  private final LruMap<String, State> state;

  CredentialStuffingDetector(ItdrSettings settings) {
    this.identities = settings.stuffingIdentities();
    this.addresses = settings.stuffingAddresses();
    this.maxPerIdentity = settings.stuffingMaxPerIdentity();
    this.window = settings.stuffingWindow();
    this.state = new LruMap<>(settings.maxTrackedKeys());
  }

  private static final class Tries {
    final List<Mark> failures = new ArrayList<>();
  }

  private static final class State {
    /** Identity to its failures in the window, least recently failing first. */
    final LinkedHashMap<String, Tries> identities = new LinkedHashMap<>();

    /** When the last burst was reported; identities of it that sign in are compromised. */
    Instant reported;

    final Set<String> burst = new LinkedHashSet<>();
    final Set<String> burstIps = new LinkedHashSet<>();
  }

  @Override
  public String id() {
    return ID;
  }

  static String network(IdentityEvent e) {
    return e.geo().asn() != 0 ? "asn:" + e.geo().asn() : "source:" + e.source();
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (e.srcIp().isEmpty()) {
      return List.of();
    }
    String net = network(e);
    if (e.isSuccessfulSignIn()) {
      State s = state.get(net);
      if (s == null
          || s.reported == null
          || e.time().isAfter(s.reported.plus(window))
          || !s.burst.contains(e.identityKey())
          || !(s.burstIps.contains(e.srcIp()) || e.geo().asn() != 0)) {
        return List.of();
      }
      s.burst.remove(e.identityKey());
      return List.of(success(e, net, s));
    }
    if (e.activity() != Activity.LOGIN || e.outcome() != Outcome.FAILURE) {
      return List.of();
    }
    State s = state.computeIfAbsent(net, State::new);
    prune(s, e.time());
    Tries t = s.identities.remove(e.identityKey());
    if (t == null) {
      t = new Tries();
    }
    t.failures.add(Mark.of(e));
    if (t.failures.size() > maxPerIdentity + 1) {
      t.failures.remove(0);
    }
    s.identities.put(e.identityKey(), t);
    if (s.identities.size() > identities) {
      Iterator<String> it = s.identities.keySet().iterator();
      it.next();
      it.remove();
    }
    List<Map.Entry<String, Tries>> few = new ArrayList<>();
    Set<String> ips = new LinkedHashSet<>();
    for (Map.Entry<String, Tries> entry : s.identities.entrySet()) {
      if (entry.getValue().failures.size() <= maxPerIdentity) {
        few.add(entry);
        entry.getValue().failures.forEach(m -> ips.add(m.detail()));
      }
    }
    if (few.size() < identities || ips.size() < addresses) {
      return List.of();
    }
    if (s.reported != null && !e.time().isAfter(s.reported.plus(window))) {
      return List.of();
    }
    s.reported = e.time();
    s.burst.clear();
    s.burstIps.clear();
    List<Mark> marks = new ArrayList<>();
    for (Map.Entry<String, Tries> entry : few) {
      s.burst.add(entry.getKey());
      marks.addAll(entry.getValue().failures);
    }
    marks.sort(Comparator.comparing(Mark::time).thenComparing(Mark::eventId));
    List<String> ids = new ArrayList<>();
    marks.forEach(
        m -> {
          ids.add(m.eventId());
          s.burstIps.add(m.detail());
        });
    Instant first = marks.get(0).time();
    List<String> sample = few.stream().map(Map.Entry::getKey).limit(5).toList();
    return List.of(
        new Finding(
            net,
            ID,
            Severity.HIGH,
            e.time(),
            KillChainStage.CREDENTIAL_ATTACK,
            List.of("T1110.004"),
            ids,
            (net.startsWith("asn:") ? "network AS" + net.substring(4) : "unknown networks")
                + " ("
                + e.source()
                + "): failed logins against "
                + few.size()
                + " distinct identities (for example "
                + String.join(", ", sample)
                + ") from "
                + ips.size()
                + " distinct IPs, at most "
                + maxPerIdentity
                + " per identity, from "
                + Describe.time(first)
                + " to "
                + Describe.time(e.time())
                + ", compared with the thresholds of "
                + identities
                + " identities from "
                + addresses
                + " IPs within "
                + Describe.duration(window)
                + " (one IP against many identities is a password spray; many failures of one"
                + " identity are brute force)."));
  }

  private Finding success(IdentityEvent e, String net, State s) {
    return new Finding(
        e.identityKey(),
        ID,
        Severity.HIGH,
        e.time(),
        KillChainStage.INITIAL_ACCESS,
        List.of("T1110.004", "T1078"),
        List.of(e.eventId()),
        "successful sign-in for "
            + e.identityKey()
            + " from "
            + e.srcIp()
            + " ("
            + Describe.place(e.geo())
            + ") at "
            + Describe.time(e.time())
            + ", "
            + Describe.duration(Duration.between(s.reported, e.time()))
            + " after a credential-stuffing burst from "
            + (net.startsWith("asn:") ? "AS" + net.substring(4) : "unknown networks")
            + " in which this identity failed: the stuffed credential worked.");
  }

  private void prune(State s, Instant now) {
    Instant from = now.minus(window);
    Iterator<Map.Entry<String, Tries>> it = s.identities.entrySet().iterator();
    while (it.hasNext()) {
      Tries t = it.next().getValue();
      t.failures.removeIf(m -> m.time().isBefore(from));
      if (t.failures.isEmpty()) {
        it.remove();
      }
    }
  }

  @Override
  public int trackedKeys() {
    return state.size();
  }

  @Override
  public int largestKeyState() {
    return state.largest(
        s -> s.identities.values().stream().mapToInt(t -> t.failures.size()).sum());
  }

  @Override
  public int maxKeys() {
    return state.cap();
  }

  @Override
  public int maxPerKey() {
    return identities * (maxPerIdentity + 1);
  }
}
