package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Cisco Duo: authentication log records (v1 and v2) are Authentication; administrator log records
 * ({@code action}) are Account Change for user and administrator changes, Authentication for {@code
 * admin_login}, else API Activity.
 */
final class DuoNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String action = text(f, "action");
    if (action != null && text(f, "result") == null) {
      return admin(f, time, action);
    }
    String user = text(f, "user.name", "username");
    String email = text(f, "email");
    String result = text(f, "result");
    Boolean success = result == null ? null : result.equalsIgnoreCase("success");
    Ocsf.Builder b = Ocsf.event(Ocsf.AUTHENTICATION, time, "Cisco", "Duo");
    ProviderRisk.duo(b, f);
    return b.activity(Ocsf.AUTH_LOGON)
        .outcome(success)
        .put("status_detail", text(f, "reason"))
        .put("metadata.event_code", text(f, "event_type"))
        .put("metadata.uid", text(f, "txid"))
        .user(user, email, text(f, "user.key"))
        .actorUser(user, email, text(f, "user.key"))
        .put("src_endpoint.ip", Ocsf.ip(text(f, "access_device.ip", "ip")))
        .put("src_endpoint.hostname", text(f, "access_device.hostname"))
        .put("service.name", text(f, "application.name", "integration"))
        .put("auth_protocol", text(f, "factor"))
        .identity("duo", email, user)
        .build();
  }

  private static Map<String, Object> admin(Map<String, Object> f, Instant time, String action) {
    String a = action.toLowerCase(Locale.ROOT);
    String admin = text(f, "username");
    Ocsf.Builder b;
    if (a.equals("admin_login") || a.equals("admin_login_error")) {
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "Cisco", "Duo")
              .activity(Ocsf.AUTH_LOGON)
              .outcome(!a.endsWith("error"))
              .user(admin, null, null);
    } else if (a.startsWith("user_") || a.startsWith("admin_") || a.startsWith("group_")) {
      int id =
          a.endsWith("_create")
              ? Ocsf.ACCOUNT_CREATE
              : a.endsWith("_delete")
                  ? Ocsf.ACCOUNT_DELETE
                  : a.contains("lockout")
                      ? Ocsf.ACCOUNT_LOCK
                      : a.contains("bypass") ? Ocsf.ACCOUNT_MFA_DISABLE : Ocsf.OTHER;
      b =
          Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Cisco", "Duo")
              .activity(id)
              .outcome(true)
              .user(text(f, "object"), null, null);
    } else {
      int id = Ocsf.apiActivity(a);
      b = Ocsf.event(Ocsf.API_ACTIVITY, time, "Cisco", "Duo").activity(id).outcome(true);
    }
    String description = text(f, "description");
    if (a.equals("admin_2fa_error")
        && description != null
        && description.toLowerCase(Locale.ROOT).contains("fraudulent")) {
      // an administrator marked the push of an Admin Panel sign-in as fraud
      ProviderRisk.put(
          b, ProviderRisk.HIGH, "admin_2fa_error: Login request reported as fraudulent");
    }
    return b.put("api.operation", action)
        .put("metadata.event_code", action)
        .put("message", description)
        .actorUser(admin, null, null)
        .identity("duo", admin)
        .build();
  }
}
