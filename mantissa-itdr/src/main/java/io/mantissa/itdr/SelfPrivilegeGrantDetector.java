package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.util.List;

/**
 * Self privilege grant: a successful (or not failed) privilege grant, role assignment or group
 * membership addition ({@link Activity#PRIVILEGE_GRANT}) whose actor is the account that receives
 * it is a HIGH finding: people do not normally grant themselves privileges, and an attacker who
 * took over an administrator does. Stateless.
 */
final class SelfPrivilegeGrantDetector implements Detector {
  static final String ID = "self_privilege_grant";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (e.activity() != Activity.PRIVILEGE_GRANT
        || e.outcome() == Outcome.FAILURE
        || !e.identityKey().equals(e.targetUser())) {
      return List.of();
    }
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            Severity.HIGH,
            e.time(),
            KillChainStage.PRIVILEGE_ESCALATION,
            List.of("T1098"),
            List.of(e.eventId()),
            "privilege grant at "
                + Describe.time(e.time())
                + " ("
                + e.source()
                + "): the actor "
                + e.identityKey()
                + " is the account that received it"
                + (e.srcIp().isEmpty() ? "" : ", from IP " + e.srcIp())
                + "."));
  }
}
