package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft Entra ID audit logs (diagnostic settings or Graph {@code directoryAudit}): user, group
 * and role management is Account Change, the rest API Activity.
 */
final class EntraAuditNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String activity =
        text(f, "properties.activityDisplayName", "activityDisplayName", "operationName");
    String category = text(f, "properties.category", "category");
    int account = accountActivity(activity, category);
    Ocsf.Builder b;
    if (account != 0) {
      b =
          Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Microsoft", "Entra ID")
              .activity(account)
              .user(
                  text(
                      f,
                      "properties.targetResources.0.userPrincipalName",
                      "targetResources.0.userPrincipalName",
                      "properties.targetResources.0.displayName",
                      "targetResources.0.displayName"),
                  text(
                      f,
                      "properties.targetResources.0.userPrincipalName",
                      "targetResources.0.userPrincipalName"),
                  text(f, "properties.targetResources.0.id", "targetResources.0.id"));
      if (account == Ocsf.ACCOUNT_ATTACH_POLICY || account == Ocsf.ACCOUNT_DETACH_POLICY) {
        String role = modified(f, "Role.DisplayName", "Role");
        b.put("group.name", modified(f, "Group.DisplayName", "Group"))
            .put("privileges", role == null ? null : List.of(role));
      }
    } else {
      int api = Ocsf.apiActivity(activity);
      b = Ocsf.event(Ocsf.API_ACTIVITY, time, "Microsoft", "Entra ID").activity(api);
    }
    String result = text(f, "properties.result", "result", "resultType");
    Boolean success = null;
    if (result != null) {
      String r = result.toLowerCase(Locale.ROOT);
      success =
          r.startsWith("success") ? Boolean.TRUE : r.startsWith("fail") ? Boolean.FALSE : null;
    }
    String upn =
        text(
            f,
            "properties.initiatedBy.user.userPrincipalName",
            "initiatedBy.user.userPrincipalName");
    String app = text(f, "properties.initiatedBy.app.displayName", "initiatedBy.app.displayName");
    return b.outcome(success)
        .put("status_detail", text(f, "properties.resultReason", "resultReason"))
        .put("api.operation", activity)
        .put("metadata.event_code", activity)
        .put("metadata.uid", text(f, "properties.id", "id"))
        .actorUser(
            upn != null ? upn : app,
            upn,
            text(f, "properties.initiatedBy.user.id", "initiatedBy.user.id"))
        .put(
            "src_endpoint.ip",
            Ocsf.ip(
                text(
                    f,
                    "properties.initiatedBy.user.ipAddress",
                    "initiatedBy.user.ipAddress",
                    "callerIpAddress")))
        .put("http_request.user_agent", text(f, "properties.userAgent", "userAgent"))
        .put("cloud.provider", "Azure")
        .put("cloud.account.uid", text(f, "tenantId"))
        .identity("entra", upn, app)
        .build();
  }

  /**
   * The new value of the modified property {@code property} (such as {@code Role.DisplayName}) of
   * any target resource, without the JSON quotes Entra writes around it; else the display name of
   * the target resource of type {@code type}; null when neither is there.
   */
  static String modified(Map<String, Object> f, String property, String type) {
    List<?> resources = Fields.list(f, "properties.targetResources", "targetResources");
    for (Object r : resources) {
      if (r instanceof Map<?, ?> m) {
        for (Object p : Fields.list(Envelope.Envelopes.object(m), "modifiedProperties")) {
          if (p instanceof Map<?, ?> mp && property.equals(mp.get("displayName"))) {
            String v = text(Envelope.Envelopes.object(mp), "newValue");
            String unquoted = v == null ? null : v.replaceAll("^[\\s\\[\"]+|[\\s\\]\"]+$", "");
            if (unquoted != null && !unquoted.isEmpty()) {
              return unquoted;
            }
          }
        }
      }
    }
    for (Object r : resources) {
      if (r instanceof Map<?, ?> m && type.equals(m.get("type"))) {
        String name = text(Envelope.Envelopes.object(m), "displayName");
        if (name != null) {
          return name;
        }
      }
    }
    return null;
  }

  private static int accountActivity(String activity, String category) {
    if (activity == null) {
      return 0;
    }
    String a = activity.toLowerCase(Locale.ROOT);
    boolean management =
        category != null
            && (category.equals("UserManagement")
                || category.equals("GroupManagement")
                || category.equals("RoleManagement"));
    if (a.startsWith("add user") || a.equals("invite external user")) {
      return Ocsf.ACCOUNT_CREATE;
    }
    if (a.startsWith("delete user") || a.startsWith("hard delete user")) {
      return Ocsf.ACCOUNT_DELETE;
    }
    if (a.startsWith("disable account")) {
      return Ocsf.ACCOUNT_DISABLE;
    }
    if (a.startsWith("enable account") || a.startsWith("restore user")) {
      return Ocsf.ACCOUNT_ENABLE;
    }
    if (a.startsWith("reset") && a.contains("password")) {
      return Ocsf.ACCOUNT_PASSWORD_RESET;
    }
    if (a.contains("change") && a.contains("password")) {
      return Ocsf.ACCOUNT_PASSWORD_CHANGE;
    }
    if (a.startsWith("add member to")
        || a.startsWith("add eligible member to")
        || a.startsWith("add owner to")) {
      return Ocsf.ACCOUNT_ATTACH_POLICY;
    }
    if (a.startsWith("remove member from")
        || a.startsWith("remove eligible member from")
        || a.startsWith("remove owner from")) {
      return Ocsf.ACCOUNT_DETACH_POLICY;
    }
    if (a.contains("security info") || a.contains("strong authentication")) {
      return a.startsWith("delete") || a.startsWith("remove")
          ? Ocsf.ACCOUNT_MFA_DISABLE
          : Ocsf.ACCOUNT_MFA_ENABLE;
    }
    return management ? Ocsf.OTHER : 0;
  }
}
