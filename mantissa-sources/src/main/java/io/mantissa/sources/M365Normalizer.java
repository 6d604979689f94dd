package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft 365 unified audit log: {@code UserLoggedIn}/{@code UserLoginFailed} are Authentication,
 * Entra user and role operations Account Change, the rest API Activity. Reads the Management
 * Activity API's keys and the lower-cased keys some pipelines write.
 */
final class M365Normalizer implements Normalizer {
  /** UserAgent, else the {@code UserAgent} entry of ExtendedProperties (Entra events). */
  private static String userAgent(Map<String, Object> f) {
    String direct = text(f, "UserAgent", "useragent");
    if (direct != null) {
      return direct;
    }
    for (Object o : Fields.list(f, "ExtendedProperties", "extendedproperties")) {
      if (o instanceof Map<?, ?> m
          && "UserAgent".equals(m.get("Name"))
          && m.get("Value") instanceof String v) {
        return v;
      }
    }
    return null;
  }

  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String op = text(f, "Operation", "operation");
    String userId = text(f, "UserId", "userid");
    String o = op == null ? "" : op.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    Ocsf.Builder b;
    String status = text(f, "ResultStatus", "resultstatus");
    Boolean success = null;
    if (status != null) {
      String s = status.toLowerCase(Locale.ROOT);
      success =
          s.startsWith("succe") || s.equals("true")
              ? Boolean.TRUE
              : s.startsWith("fail") || s.equals("false") ? Boolean.FALSE : null;
    }
    if (o.equals("userloggedin") || o.equals("userloginfailed")) {
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "Microsoft", "Microsoft 365")
              .activity(Ocsf.AUTH_LOGON)
              .user(userId, userId, text(f, "UserKey", "userkey"));
      success = o.equals("userloggedin");
    } else {
      int account =
          switch (o) {
            case "add user" -> Ocsf.ACCOUNT_CREATE;
            case "delete user" -> Ocsf.ACCOUNT_DELETE;
            case "reset user password" -> Ocsf.ACCOUNT_PASSWORD_RESET;
            case "change user password" -> Ocsf.ACCOUNT_PASSWORD_CHANGE;
            case "add member to role", "add member to group" -> Ocsf.ACCOUNT_ATTACH_POLICY;
            case "remove member from role", "remove member from group" ->
                Ocsf.ACCOUNT_DETACH_POLICY;
            case "disable strong authentication" -> Ocsf.ACCOUNT_MFA_DISABLE;
            case "update user", "set user" -> strongAuthentication(f);
            default -> 0;
          };
      if (account != 0) {
        String target = text(f, "ObjectId", "objectid");
        b =
            Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Microsoft", "Microsoft 365")
                .activity(account)
                .user(target, target, null);
        if (account == Ocsf.ACCOUNT_ATTACH_POLICY || account == Ocsf.ACCOUNT_DETACH_POLICY) {
          String role = modified(f, "Role.DisplayName");
          b.put("group.name", modified(f, "Group.DisplayName"))
              .put("privileges", role == null ? null : List.of(role));
        }
      } else {
        int api = Ocsf.apiActivity(o);
        b =
            Ocsf.event(Ocsf.API_ACTIVITY, time, "Microsoft", "Microsoft 365")
                .activity(api)
                .put("api.service.name", text(f, "Workload", "workload"));
      }
    }
    return b.outcome(success)
        .put("api.operation", op)
        .put("metadata.event_code", op)
        .put("metadata.uid", text(f, "Id", "id"))
        .actorUser(userId, userId, text(f, "UserKey", "userkey"))
        .put("src_endpoint.ip", Ocsf.ip(text(f, "ClientIP", "clientip", "ActorIpAddress")))
        .put("http_request.user_agent", userAgent(f))
        .put("cloud.provider", "Azure")
        .put("cloud.account.uid", text(f, "OrganizationId", "organizationid"))
        .identity("m365", userId)
        .build();
  }

  /**
   * An {@code Update user.} that changes the user's MFA ({@code StrongAuthenticationMethod} or
   * {@code StrongAuthenticationRequirement} in {@code ModifiedProperties}): from some to none is an
   * MFA disable, from none to some an MFA enable; anything else Other.
   */
  private static int strongAuthentication(Map<String, Object> f) {
    for (Object o : Fields.list(f, "ModifiedProperties", "modifiedproperties")) {
      if (o instanceof Map<?, ?> m
          && m.get("Name") instanceof String name
          && (name.equals("StrongAuthenticationMethod")
              || name.equals("StrongAuthenticationRequirement"))) {
        Map<String, Object> p = Envelope.Envelopes.object(m);
        boolean before = listsSomething(text(p, "OldValue"));
        boolean after = listsSomething(text(p, "NewValue"));
        if (before && !after) {
          return Ocsf.ACCOUNT_MFA_DISABLE;
        }
        if (!before && after) {
          return Ocsf.ACCOUNT_MFA_ENABLE;
        }
      }
    }
    return Ocsf.OTHER;
  }

  private static boolean listsSomething(String value) {
    return value != null && !value.replaceAll("[\\s\\[\\]\"]", "").isEmpty();
  }

  /** The new value of the modified property {@code name} ({@code ModifiedProperties}), or null. */
  private static String modified(Map<String, Object> f, String name) {
    for (Object o : Fields.list(f, "ModifiedProperties", "modifiedproperties")) {
      if (o instanceof Map<?, ?> m && name.equals(m.get("Name"))) {
        String v = text(Envelope.Envelopes.object(m), "NewValue");
        String unquoted = v == null ? null : v.replaceAll("^[\\s\\[\"]+|[\\s\\]\"]+$", "");
        return unquoted == null || unquoted.isEmpty() ? null : unquoted;
      }
    }
    return null;
  }
}
