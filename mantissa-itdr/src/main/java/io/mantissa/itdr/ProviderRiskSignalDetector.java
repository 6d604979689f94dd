package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The identity provider's own verdict ({@link IdentityEvent#providerRisk()}): a push the person
 * marked as fraud (Duo), an account the provider confirmed compromised or disabled as hijacked
 * (Entra ID, Google), a risky or suspicious sign-in (Entra ID Identity Protection, Google, Duo
 * adaptive trust), a session anomaly (Slack), a leaked password or a targeted-attack warning
 * (Google), a person reporting activity as not theirs, a refresh token presented twice and requests
 * from a known-bad network (Okta). Severity follows the provider's level (high or critical HIGH,
 * medium MEDIUM, low LOW); stage and MITRE techniques follow the kind of signal ({@link
 * RiskSignal}). The finding is keyed by the identity, except Okta ThreatInsight's, which is about a
 * network and keyed {@code ip:<address>}. Once per key and signal within an hour. State: the last
 * report time of at most {@link ItdrSettings#maxTrackedKeys()} keys and signals.
 */
final class ProviderRiskSignalDetector implements Detector, BoundedState {
  static final String ID = "provider_risk_signal";

  /** Within this window a second verdict of the same kind for the same key is not reported. */
  static final Duration DEDUPE = Duration.ofHours(1);

  private final LruMap<String, Instant[]> reported;

  ProviderRiskSignalDetector(ItdrSettings settings) {
    this.reported = new LruMap<>(settings.maxTrackedKeys());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    ProviderRisk risk = e.providerRisk();
    if (!risk.present()) {
      return List.of();
    }
    String key =
        risk.signal() == RiskSignal.THREAT_ACTOR && !e.srcIp().isEmpty()
            ? "ip:" + e.srcIp()
            : e.identityKey();
    Instant[] last = reported.computeIfAbsent(key + "\n" + risk.signal(), () -> new Instant[1]);
    if (last[0] != null && !e.time().isBefore(last[0]) && e.time().isBefore(last[0].plus(DEDUPE))) {
      return List.of();
    }
    last[0] = e.time();
    Severity severity =
        risk.level() >= 3 ? Severity.HIGH : risk.level() == 2 ? Severity.MEDIUM : Severity.LOW;
    String level =
        switch (risk.level()) {
          case 1 -> "low";
          case 2 -> "medium";
          case 3 -> "high";
          default -> "critical";
        };
    StringBuilder place = new StringBuilder();
    if (!e.srcIp().isEmpty()) {
      place.append(" from IP ").append(e.srcIp()).append(", ").append(Describe.place(e.geo()));
    }
    if (!e.application().isEmpty()) {
      place.append(" to ").append(e.application());
    }
    return List.of(
        new Finding(
            key,
            ID,
            severity,
            e.time(),
            risk.signal().stage(),
            risk.signal().mitre(),
            List.of(e.eventId()),
            e.source()
                + " itself flagged "
                + (key.equals(e.identityKey())
                    ? e.identityKey()
                    : key + " (" + e.identityKey() + ")")
                + " at "
                + Describe.time(e.time())
                + place
                + ": \""
                + risk.verdict()
                + "\" ("
                + risk.origin()
                + "; "
                + e.activity().name().toLowerCase(java.util.Locale.ROOT)
                + "/"
                + e.outcome().name().toLowerCase(java.util.Locale.ROOT)
                + "), the provider's "
                + level
                + " level, read as "
                + risk.signal().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + "; reported once per "
                + Describe.duration(DEDUPE)
                + " for the same key and kind."));
  }

  @Override
  public int trackedKeys() {
    return reported.size();
  }

  @Override
  public int largestKeyState() {
    return reported.size() == 0 ? 0 : 1;
  }

  @Override
  public int maxKeys() {
    return reported.cap();
  }

  @Override
  public int maxPerKey() {
    return 1;
  }
}
