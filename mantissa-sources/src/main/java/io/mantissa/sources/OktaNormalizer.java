package io.mantissa.sources;

import static io.mantissa.sources.Fields.number;
import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Okta System Log: sign-ins ({@code user.session.*}, {@code user.authentication.*}) are
 * Authentication, user and group lifecycle events are Account Change, everything else API Activity.
 * Reads the camel-case keys of the API and the lower-cased keys some pipelines write.
 */
final class OktaNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String type = text(f, "eventType", "eventtype");
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    Ocsf.Builder b;
    Map<String, Object> target = firstUserTarget(f);
    String actorEmail = text(f, "actor.alternateId", "actor.alternateid");
    if (t.startsWith("user.session.") || t.startsWith("user.authentication.")) {
      int activity = t.equals("user.session.end") ? Ocsf.AUTH_LOGOFF : Ocsf.AUTH_LOGON;
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "Okta", "Okta")
              .activity(activity)
              .user(
                  text(f, "actor.displayName", "actor.displayname"),
                  actorEmail,
                  text(f, "actor.id"));
    } else {
      int account = accountActivity(t);
      if (account != 0) {
        b =
            Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Okta", "Okta")
                .activity(account)
                .user(
                    text(target, "displayName", "displayname"),
                    text(target, "alternateId", "alternateid"),
                    text(target, "id"));
        if (account == Ocsf.ACCOUNT_ATTACH_POLICY || account == Ocsf.ACCOUNT_DETACH_POLICY) {
          Map<String, Object> group = firstTarget(f, "UserGroup");
          b.put("group.name", text(group, "displayName", "displayname", "alternateId"))
              .put("group.uid", text(group, "id"))
              .put("privileges", privileges(f));
        }
      } else {
        int api = Ocsf.apiActivity(t);
        b =
            Ocsf.event(Ocsf.API_ACTIVITY, time, "Okta", "Okta")
                .activity(api)
                .put("api.operation", type);
      }
    }
    String result = text(f, "outcome.result");
    Boolean success = null;
    if (result != null) {
      String r = result.toUpperCase(Locale.ROOT);
      success =
          r.equals("SUCCESS") || r.equals("ALLOW")
              ? Boolean.TRUE
              : r.equals("FAILURE") || r.equals("DENY") ? Boolean.FALSE : null;
    }
    ProviderRisk.okta(b, t, f);
    return b.outcome(success)
        .severity(Math.max(Ocsf.SEVERITY_INFORMATIONAL, Ocsf.severityOfWord(text(f, "severity"))))
        .put("status_detail", text(f, "outcome.reason"))
        .put("metadata.event_code", type)
        .put("metadata.uid", text(f, "uuid"))
        .actorUser(
            text(f, "actor.displayName", "actor.displayname"), actorEmail, text(f, "actor.id"))
        .put("src_endpoint.ip", text(f, "client.ipAddress", "client.ipaddress"))
        // Okta's own location and network of the client: GeoIP enrichment keeps them, and the
        // identity detectors use them without a GeoIP database
        .put(
            "src_endpoint.location.country",
            CountryCodes.of(
                text(
                    f, "client.geographicalContext.country", "client.geographicalcontext.country")))
        .put(
            "src_endpoint.location.region",
            text(f, "client.geographicalContext.state", "client.geographicalcontext.state"))
        .put(
            "src_endpoint.location.city",
            text(f, "client.geographicalContext.city", "client.geographicalcontext.city"))
        .put(
            "src_endpoint.location.lat",
            number(
                f,
                "client.geographicalContext.geolocation.lat",
                "client.geographicalcontext.geolocation.lat"))
        .put(
            "src_endpoint.location.long",
            number(
                f,
                "client.geographicalContext.geolocation.lon",
                "client.geographicalcontext.geolocation.lon"))
        .put(
            "src_endpoint.autonomous_system.number",
            asNumber(number(f, "securityContext.asNumber", "securitycontext.asnumber")))
        .put(
            "src_endpoint.autonomous_system.name",
            text(f, "securityContext.asOrg", "securitycontext.asorg"))
        .put(
            "http_request.user_agent",
            text(f, "client.userAgent.rawUserAgent", "client.useragent.rawuseragent"))
        .put("message", text(f, "displayMessage", "displaymessage"))
        .identity("okta", actorEmail, text(f, "actor.id"))
        .build();
  }

  private static int accountActivity(String t) {
    return switch (t) {
      case "user.lifecycle.create" -> Ocsf.ACCOUNT_CREATE;
      case "user.lifecycle.activate",
          "user.lifecycle.reactivate",
          "user.lifecycle.unsuspend",
          "user.account.unlock" ->
          Ocsf.ACCOUNT_ENABLE;
      case "user.lifecycle.deactivate", "user.lifecycle.suspend" -> Ocsf.ACCOUNT_DISABLE;
      case "user.lifecycle.delete.initiated", "user.lifecycle.delete.completed" ->
          Ocsf.ACCOUNT_DELETE;
      case "user.account.update_password" -> Ocsf.ACCOUNT_PASSWORD_CHANGE;
      case "user.account.reset_password", "user.lifecycle.password_reset" ->
          Ocsf.ACCOUNT_PASSWORD_RESET;
      case "user.account.lock", "user.account.lock.limit" -> Ocsf.ACCOUNT_LOCK;
      case "user.mfa.factor.activate" -> Ocsf.ACCOUNT_MFA_ENABLE;
      case "user.mfa.factor.deactivate", "user.mfa.factor.reset_all" -> Ocsf.ACCOUNT_MFA_DISABLE;
      case "group.user_membership.add", "user.account.privilege.grant", "group.privilege.grant" ->
          Ocsf.ACCOUNT_ATTACH_POLICY;
      case "group.user_membership.remove",
          "user.account.privilege.revoke",
          "group.privilege.revoke" ->
          Ocsf.ACCOUNT_DETACH_POLICY;
      default ->
          t.startsWith("user.lifecycle.")
                  || t.startsWith("user.account.")
                  || t.startsWith("group.user_membership.")
              ? Ocsf.OTHER
              : 0;
    };
  }

  private static Map<String, Object> firstUserTarget(Map<String, Object> f) {
    return firstTarget(f, "User");
  }

  /**
   * The administrator roles of a privilege grant or revocation: {@code
   * debugContext.debugData.privilegeGranted} (or {@code privilegeRevoked}), a comma-separated list
   * such as {@code Organization administrator, Application administrator (all)}; null when absent.
   */
  private static List<String> privileges(Map<String, Object> f) {
    String list =
        text(
            f,
            "debugContext.debugData.privilegeGranted",
            "debugcontext.debugdata.privilegegranted",
            "debugContext.debugData.privilegeRevoked",
            "debugcontext.debugdata.privilegerevoked");
    if (list == null) {
      return null;
    }
    List<String> out = new java.util.ArrayList<>();
    for (String p : list.split(",(?![^(]*\\))")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static Map<String, Object> firstTarget(Map<String, Object> f, String type) {
    List<?> targets = Fields.list(f, "target");
    for (Object o : targets) {
      if (o instanceof Map<?, ?> m && type.equals(m.get("type"))) {
        return Envelope.Envelopes.object(m);
      }
    }
    return Map.of();
  }

  /** An AS number as a whole number (as GeoIP enrichment writes it), or {@code null}. */
  private static Long asNumber(Double n) {
    return n == null || !(n >= 1 && n <= 4_294_967_295d) || n != Math.rint(n)
        ? null
        : n.longValue();
  }
}
