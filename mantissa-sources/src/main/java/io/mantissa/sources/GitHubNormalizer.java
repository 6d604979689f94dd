package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Map;

/**
 * GitHub audit log: API Activity; membership and role changes of organizations, teams and
 * enterprises are Account Change. Audit entries record performed actions, so the outcome is
 * success.
 */
final class GitHubNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String action = text(f, "action");
    String actor = text(f, "actor");
    int account = accountActivity(action);
    String permission = text(f, "permission");
    if ("org.update_member".equals(action) && "admin".equalsIgnoreCase(permission)) {
      // a member made an organization owner
      account = Ocsf.ACCOUNT_ATTACH_POLICY;
    }
    Ocsf.Builder b;
    if (account != 0) {
      b =
          Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "GitHub", "GitHub")
              .activity(account)
              .user(text(f, "user"), null, text(f, "user_id"))
              .put("group.name", text(f, "team", "org"))
              .put("privileges", privileges(action, permission));
    } else {
      int api = Ocsf.apiActivity(action);
      b = Ocsf.event(Ocsf.API_ACTIVITY, time, "GitHub", "GitHub").activity(api);
    }
    return b.outcome(true)
        .put("api.operation", action)
        .put("metadata.event_code", action)
        .put("metadata.uid", text(f, "_document_id"))
        .actorUser(actor, text(f, "actor_email", "user_email"), text(f, "actor_id"))
        .put("src_endpoint.ip", text(f, "actor_ip"))
        .put("src_endpoint.location.country", text(f, "actor_location.country_code"))
        .put("http_request.user_agent", text(f, "user_agent"))
        .put("resources", repo(f))
        .put("cloud.account.uid", text(f, "org", "business"))
        .identity("github", text(f, "actor_email"), actor)
        .build();
  }

  private static java.util.List<Map<String, Object>> repo(Map<String, Object> f) {
    String repo = text(f, "repo", "repository");
    return repo == null ? null : java.util.List.of(Map.of("name", repo, "type", "repository"));
  }

  /**
   * The role an account change grants or takes: organization owner ({@code org.update_member} to
   * {@code admin}), enterprise owner, billing manager, team maintainer, else the new {@code
   * permission}; null for plain memberships.
   */
  private static java.util.List<String> privileges(String action, String permission) {
    String role =
        switch (action) {
          case "org.update_member" ->
              "admin".equalsIgnoreCase(permission) ? "organization owner" : permission;
          case "business.add_admin", "business.remove_admin" -> "enterprise owner";
          case "org.add_billing_manager", "org.remove_billing_manager" -> "billing manager";
          case "team.promote_maintainer", "team.demote_maintainer" -> "team maintainer";
          default -> permission;
        };
    return role == null || role.isBlank() ? null : java.util.List.of(role);
  }

  private static int accountActivity(String action) {
    if (action == null) {
      return 0;
    }
    return switch (action) {
      case "org.add_member",
          "team.add_member",
          "business.add_admin",
          "org.add_billing_manager",
          "business.add_organization_member",
          "team.promote_maintainer" ->
          Ocsf.ACCOUNT_ATTACH_POLICY;
      case "org.remove_member",
          "team.remove_member",
          "business.remove_admin",
          "org.remove_billing_manager",
          "team.demote_maintainer" ->
          Ocsf.ACCOUNT_DETACH_POLICY;
      case "org.update_member", "org.invite_member", "business.invite_admin" -> Ocsf.OTHER;
      case "org.disable_two_factor_requirement" -> Ocsf.ACCOUNT_MFA_DISABLE;
      case "org.enable_two_factor_requirement" -> Ocsf.ACCOUNT_MFA_ENABLE;
      case "user.suspend", "business.suspend_member" -> Ocsf.ACCOUNT_DISABLE;
      case "user.unsuspend" -> Ocsf.ACCOUNT_ENABLE;
      case "user.create" -> Ocsf.ACCOUNT_CREATE;
      case "user.destroy" -> Ocsf.ACCOUNT_DELETE;
      default -> 0;
    };
  }
}
