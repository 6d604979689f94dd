package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.util.List;
import java.util.Optional;

/**
 * Self privilege grant: a successful (or not failed) privilege grant, role assignment or group
 * membership addition ({@link Activity#PRIVILEGE_GRANT}) whose actor is the account that receives
 * it. People do not normally grant themselves administrator rights, and an attacker who took over
 * an account with some delegated rights does. What was granted decides ({@link
 * IdentityEvent#privileges()} against {@link PrivilegeSettings#privilegedNames()}):
 *
 * <ul>
 *   <li>a privileged role, group or policy ({@code Super administrator}, {@code
 *       AdministratorAccess}, {@code administrators}) is HIGH;
 *   <li>a record that does not name what was granted is MEDIUM (it may be privileged);
 *   <li>a named role, group or team that is not privileged (joining {@code engineering} or a GitHub
 *       team oneself) is not reported.
 * </ul>
 *
 * Stateless.
 */
final class SelfPrivilegeGrantDetector implements Detector {
  static final String ID = "self_privilege_grant";

  private final PrivilegeSettings.Matcher privileged;

  SelfPrivilegeGrantDetector(PrivilegeSettings settings) {
    this.privileged = settings.matcher();
  }

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
    Optional<String> name = privileged.firstPrivileged(e.privileges());
    if (name.isEmpty() && !e.privileges().isEmpty()) {
      return List.of();
    }
    String what =
        name.map(n -> "'" + n + "' (privileged: matches '" + privileged.match(n).orElse(n) + "')")
            .orElse("a privilege the record does not name (it may be privileged)");
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            name.isPresent() ? Severity.HIGH : Severity.MEDIUM,
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
                + " is the account that received "
                + what
                + (e.srcIp().isEmpty() ? "" : ", from IP " + e.srcIp())
                + "."));
  }
}
