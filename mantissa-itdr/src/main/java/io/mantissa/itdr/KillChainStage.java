package io.mantissa.itdr;

/** The eight identity kill-chain stages a finding is placed in. */
public enum KillChainStage {
  /** Enumerating accounts, probing sign-in pages. */
  RECONNAISSANCE,
  /** Guessing, spraying or stuffing credentials; MFA fatigue. */
  CREDENTIAL_ATTACK,
  /** A session obtained with stolen or guessed credentials. */
  INITIAL_ACCESS,
  /** Turning off or bypassing controls (MFA reset, log changes). */
  DEFENSE_EVASION,
  /** Gaining roles or group memberships. */
  PRIVILEGE_ESCALATION,
  /** New factors, tokens, app passwords or accounts to come back with. */
  PERSISTENCE,
  /** Moving to other accounts, tenants or applications. */
  LATERAL_MOVEMENT,
  /** Data access, exfiltration, fraud. */
  OBJECTIVES
}
