package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Google Workspace Reports API activities: the {@code login} application is Authentication, user,
 * group and role administration of the {@code admin} application is Account Change, the rest API
 * Activity. The event name is that of the activity's first event.
 */
final class GoogleWorkspaceNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String app = text(f, "id.applicationName");
    Map<String, Object> event = firstEvent(f);
    String name = text(event, "name");
    String actorEmail = text(f, "actor.email");
    Ocsf.Builder b;
    Boolean success = null;
    if ("login".equals(app)) {
      int activity =
          "logout".equals(name)
              ? Ocsf.AUTH_LOGOFF
              : name != null && (name.startsWith("login_") || name.equals("2sv_verification"))
                  ? Ocsf.AUTH_LOGON
                  : Ocsf.OTHER;
      if ("login_success".equals(name) || "logout".equals(name)) {
        success = true;
      } else if ("login_failure".equals(name)) {
        success = false;
      } else if ("login_challenge".equals(name) || "login_verification".equals(name)) {
        String status = param(event, "login_challenge_status");
        success =
            status == null ? null : status.toLowerCase(java.util.Locale.ROOT).contains("pass");
      }
      String email = actorEmail != null ? actorEmail : param(event, "affected_email_address");
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "Google", "Google Workspace")
              .activity(activity)
              .user(email, email, text(f, "actor.profileId"))
              .put("auth_protocol", param(event, "login_type"));
      ProviderRisk.google(b, name, param(event, "is_suspicious"));
    } else {
      int account = "admin".equals(app) ? accountActivity(name) : 0;
      if (account != 0) {
        String target = param(event, "USER_EMAIL");
        b =
            Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Google", "Google Workspace")
                .activity(account)
                .user(target, target, null)
                .put("group.name", param(event, "GROUP_EMAIL"))
                .put("policy.name", param(event, "ROLE_NAME"))
                .put("privileges", privileges(name, param(event, "ROLE_NAME")));
      } else {
        int api = Ocsf.apiActivity(name);
        b =
            Ocsf.event(Ocsf.API_ACTIVITY, time, "Google", "Google Workspace")
                .activity(api)
                .put("api.service.name", app);
      }
      success = true;
    }
    return b.outcome(success)
        .put("api.operation", name)
        .put("metadata.event_code", name)
        .put("metadata.uid", text(f, "id.uniqueQualifier"))
        .actorUser(actorEmail, actorEmail, text(f, "actor.profileId"))
        .put("src_endpoint.ip", text(f, "ipAddress"))
        .put("cloud.provider", "Google Workspace")
        .put("cloud.account.uid", text(f, "id.customerId"))
        .identity(
            "google",
            actorEmail,
            text(f, "actor.profileId"),
            "login".equals(app) ? param(event, "affected_email_address") : null)
        .build();
  }

  /** The first of {@code events} (an object instead of a list is read as the only event). */
  private static Map<String, Object> firstEvent(Map<String, Object> f) {
    if (f.get("events") instanceof Map<?, ?> only) {
      return Envelope.Envelopes.object(only);
    }
    List<?> events = Fields.list(f, "events");
    if (events.isEmpty() && f.get("events") == null && f.get("name") instanceof String) {
      return f; // the flattened form some pipelines write: name and parameters at the top level
    }
    return !events.isEmpty() && events.get(0) instanceof Map<?, ?> m
        ? Envelope.Envelopes.object(m)
        : Map.of();
  }

  /** The value of the parameter {@code name} of an event, as text. */
  static String param(Map<String, Object> event, String name) {
    if (event.get("parameters") instanceof Map<?, ?> flat) {
      Object v = flat.get(name); // the flattened form: parameters as one object
      return v instanceof String || v instanceof Number || v instanceof Boolean
          ? v.toString()
          : null;
    }
    for (Object o : Fields.list(event, "parameters")) {
      if (o instanceof Map<?, ?> m && name.equals(m.get("name"))) {
        Map<String, Object> p = Envelope.Envelopes.object(m);
        return text(p, "value", "boolValue", "intValue");
      }
    }
    return null;
  }

  /**
   * The administrator role an account change grants or takes: the {@code ROLE_NAME} of {@code
   * ASSIGN_ROLE}, {@code super admin} for {@code GRANT_ADMIN_PRIVILEGE}, {@code delegated admin};
   * null otherwise.
   */
  private static List<String> privileges(String name, String role) {
    if (name == null) {
      return null;
    }
    String p =
        switch (name) {
          case "ASSIGN_ROLE", "UNASSIGN_ROLE" -> role;
          case "GRANT_ADMIN_PRIVILEGE", "REVOKE_ADMIN_PRIVILEGE" -> "super admin";
          case "GRANT_DELEGATED_ADMIN_PRIVILEGES" -> "delegated admin";
          default -> null;
        };
    return p == null || p.isBlank() ? null : List.of(p);
  }

  private static int accountActivity(String name) {
    if (name == null) {
      return 0;
    }
    return switch (name) {
      case "CREATE_USER" -> Ocsf.ACCOUNT_CREATE;
      case "DELETE_USER" -> Ocsf.ACCOUNT_DELETE;
      case "SUSPEND_USER" -> Ocsf.ACCOUNT_DISABLE;
      case "UNSUSPEND_USER", "UNDELETE_USER" -> Ocsf.ACCOUNT_ENABLE;
      case "CHANGE_PASSWORD", "CHANGE_PASSWORD_ON_NEXT_LOGIN" -> Ocsf.ACCOUNT_PASSWORD_RESET;
      case "ADD_GROUP_MEMBER",
          "ASSIGN_ROLE",
          "GRANT_ADMIN_PRIVILEGE",
          "GRANT_DELEGATED_ADMIN_PRIVILEGES" ->
          Ocsf.ACCOUNT_ATTACH_POLICY;
      case "REMOVE_GROUP_MEMBER", "UNASSIGN_ROLE", "REVOKE_ADMIN_PRIVILEGE" ->
          Ocsf.ACCOUNT_DETACH_POLICY;
      case "ENROLL_USER_IN_2SV", "ENFORCE_STRONG_AUTHENTICATION" -> Ocsf.ACCOUNT_MFA_ENABLE;
      case "TURN_OFF_2_STEP_VERIFICATION", "REVOKE_USER_2SV_BACKUP_CODES" ->
          Ocsf.ACCOUNT_MFA_DISABLE;
      default -> name.contains("USER") || name.contains("GROUP") ? Ocsf.OTHER : 0;
    };
  }
}
