package io.mantissa.itdr;

import java.util.List;

/**
 * The kinds of verdict an identity provider writes about its own events ({@link ProviderRisk}),
 * each with the kill-chain stage and MITRE ATT&amp;CK techniques the {@code provider_risk_signal}
 * detector reports it with.
 */
public enum RiskSignal {
  /** The person rejected an MFA push as fraud (Duo {@code user_marked_fraud}). */
  MFA_FRAUD(KillChainStage.CREDENTIAL_ATTACK, List.of("T1621", "T1078")),
  /** The person reported activity as not theirs (Okta {@code report_suspicious_activity}). */
  USER_REPORTED(KillChainStage.INITIAL_ACCESS, List.of("T1078")),
  /**
   * The provider confirmed the account compromised (Entra ID {@code confirmedCompromised}, Google
   * {@code account_disabled_hijacked}).
   */
  COMPROMISED(KillChainStage.INITIAL_ACCESS, List.of("T1078")),
  /**
   * The provider judged a sign-in risky (Entra ID Identity Protection, Google {@code
   * suspicious_login} and {@code is_suspicious}, Duo adaptive trust).
   */
  RISKY_SIGN_IN(KillChainStage.INITIAL_ACCESS, List.of("T1078")),
  /** The provider saw a session used unexpectedly (Slack {@code anomaly}). */
  SESSION_ANOMALY(KillChainStage.INITIAL_ACCESS, List.of("T1078", "T1550.004")),
  /** The provider found the password leaked (Google {@code password_leak}). */
  CREDENTIAL_LEAK(KillChainStage.CREDENTIAL_ATTACK, List.of("T1078", "T1589.001")),
  /** The provider warned of a targeted attack (Google {@code gov_attack_warning}). */
  TARGETED_ATTACK(KillChainStage.CREDENTIAL_ATTACK, List.of("T1566", "T1078")),
  /** A sensitive action in a risky session (Google {@code risky_sensitive_action_*}). */
  RISKY_ACTION(KillChainStage.PERSISTENCE, List.of("T1098", "T1078")),
  /** A refresh token presented twice (Okta {@code app.oauth2.token.detect_reuse}). */
  TOKEN_REUSE(KillChainStage.INITIAL_ACCESS, List.of("T1550.001", "T1528")),
  /** Requests from a known-bad network (Okta ThreatInsight {@code security.threat.detected}). */
  THREAT_ACTOR(KillChainStage.CREDENTIAL_ATTACK, List.of("T1110"));

  private final KillChainStage stage;
  private final List<String> mitre;

  RiskSignal(KillChainStage stage, List<String> mitre) {
    this.stage = stage;
    this.mitre = mitre;
  }

  /** The kill-chain stage the signal is reported in. */
  public KillChainStage stage() {
    return stage;
  }

  /** The MITRE ATT&amp;CK technique ids the signal is reported with. */
  public List<String> mitre() {
    return mitre;
  }
}
