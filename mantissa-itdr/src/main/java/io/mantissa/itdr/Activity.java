package io.mantissa.itdr;

/** What an identity event did, as far as the identity detectors care. */
public enum Activity {
  /** A sign-in with a primary credential (password, SSO, federation). */
  LOGIN,
  /** A multi-factor push or challenge was sent. */
  MFA_PUSH,
  /** A multi-factor challenge was approved or passed. */
  MFA_APPROVE,
  /** A multi-factor challenge was denied, timed out or failed. */
  MFA_DENY,
  /** A password was reset or changed. */
  PASSWORD_RESET,
  /** Multi-factor factors were reset, removed or bypassed. */
  MFA_RESET,
  /** A multi-factor factor (security info, authenticator, 2-step verification) was enrolled. */
  MFA_ENROLL,
  /** An account was enabled, reactivated, unsuspended or restored. */
  ACCOUNT_ENABLE,
  /** A privilege, role, policy or group membership was granted. */
  PRIVILEGE_GRANT,
  /** Anything else (logoff, account lifecycle, API activity). */
  OTHER
}
