package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Map;

/**
 * Slack Audit Logs API: {@code user_login}/{@code user_logout} are Authentication, user and role
 * changes Account Change, the rest API Activity.
 */
final class SlackNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String action = text(f, "action");
    String email = text(f, "actor.user.email");
    String name = text(f, "actor.user.name");
    String uid = text(f, "actor.user.id");
    Ocsf.Builder b;
    if ("user_login".equals(action)
        || "user_logout".equals(action)
        || "user_login_failed".equals(action)) {
      int id = "user_logout".equals(action) ? Ocsf.AUTH_LOGOFF : Ocsf.AUTH_LOGON;
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "Slack", "Slack")
              .activity(id)
              .outcome(!"user_login_failed".equals(action))
              .user(name, email, uid);
    } else {
      int account = accountActivity(action);
      if (account != 0) {
        b =
            Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Slack", "Slack")
                .activity(account)
                .outcome(true)
                .user(
                    text(f, "entity.user.name"),
                    text(f, "entity.user.email"),
                    text(f, "entity.user.id"));
      } else {
        int api = Ocsf.apiActivity(action);
        b = Ocsf.event(Ocsf.API_ACTIVITY, time, "Slack", "Slack").activity(api).outcome(true);
      }
    }
    ProviderRisk.slack(b, action, f);
    return b.put("api.operation", action)
        .put("metadata.event_code", action)
        .put("metadata.uid", text(f, "id"))
        .actorUser(name, email, uid)
        .put("src_endpoint.ip", text(f, "context.ip_address"))
        .put("http_request.user_agent", text(f, "context.ua"))
        .put("cloud.account.uid", text(f, "context.location.id"))
        .identity("slack", email, uid)
        .build();
  }

  private static int accountActivity(String action) {
    if (action == null) {
      return 0;
    }
    return switch (action) {
      case "user_created", "guest_created" -> Ocsf.ACCOUNT_CREATE;
      case "user_deactivated", "guest_deactivated" -> Ocsf.ACCOUNT_DISABLE;
      case "user_reactivated", "guest_reactivated" -> Ocsf.ACCOUNT_ENABLE;
      case "role_change_to_admin", "role_change_to_owner", "user_channel_join" ->
          Ocsf.ACCOUNT_ATTACH_POLICY;
      case "role_change_to_user", "role_change_to_guest" -> Ocsf.ACCOUNT_DETACH_POLICY;
      case "user_email_updated", "user_session_reset_by_admin", "user_session_invalidated" ->
          Ocsf.OTHER;
      default -> 0;
    };
  }
}
