package io.mantissa.itdr;

/**
 * An administrative action read from an identity event ({@link IdentityEventReader}): what an
 * account does with administrator privileges, to other accounts or to the tenant. {@link
 * PrivilegeEscalationChainDetector} looks for the ones an identity performs for the first time
 * after it received a privileged grant.
 */
public enum AdminAction {
  /** Not an administrative action. */
  NONE("none", false),
  /** An account created (OCSF Account Change: Create). */
  CREATE_ACCOUNT("created an account", false),
  /** An account enabled, reactivated or restored (of another account). */
  ENABLE_ACCOUNT("enabled an account", false),
  /** An account disabled, suspended or locked (of another account). */
  DISABLE_ACCOUNT("disabled an account", false),
  /** An account deleted. */
  DELETE_ACCOUNT("deleted an account", false),
  /** Another account's password reset or changed. */
  RESET_PASSWORD("reset another account's password", false),
  /** A privilege, role, policy or group membership granted to another account. */
  GRANT("granted a privilege to another account", false),
  /** A privilege, role, policy or group membership taken from another account. */
  REVOKE("revoked a privilege of another account", false),
  /** Multi-factor authentication removed or reset for another account or the organisation. */
  DISABLE_MFA("removed another account's MFA", true),
  /** An access key, API token or application secret created. */
  CREATE_CREDENTIAL("created an access key or API token", false),
  /** A security, sign-on or IAM policy created or changed. */
  CHANGE_POLICY("changed a security or IAM policy", false),
  /** Audit logging stopped, deleted or reconfigured. */
  DISABLE_LOGGING("stopped or changed audit logging", true);

  private final String description;
  private final boolean evasion;

  AdminAction(String description, boolean evasion) {
    this.description = description;
    this.evasion = evasion;
  }

  /** What the action did, for explanations ({@code created an account}). */
  public String description() {
    return description;
  }

  /** Whether the action weakens defences (MFA removed, logging stopped): defense evasion. */
  public boolean evasion() {
    return evasion;
  }
}
