package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Salesforce: {@code LoginEvent} objects and {@code Login}/{@code Logout} event log file rows are
 * Authentication, other event log file rows API Activity.
 */
final class SalesforceNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String eventType = text(f, "EVENT_TYPE");
    String user = text(f, "Username", "USER_NAME", "USERNAME");
    String uid = text(f, "UserId", "USER_ID_DERIVED", "USER_ID");
    Ocsf.Builder b;
    boolean loginObject = text(f, "LoginType", "LoginHistoryId", "LoginKey") != null;
    if (loginObject
        || "Login".equals(eventType)
        || "LoginAs".equals(eventType)
        || "Logout".equals(eventType)) {
      int id = "Logout".equals(eventType) ? Ocsf.AUTH_LOGOFF : Ocsf.AUTH_LOGON;
      String status = text(f, "Status", "LOGIN_STATUS");
      Boolean success =
          status == null
              ? null
              : status.equalsIgnoreCase("Success") || status.equals("LOGIN_NO_ERROR");
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "Salesforce", "Salesforce")
              .activity(id)
              .outcome(success)
              .put("status_detail", status)
              .user(user, user, uid)
              .put("auth_protocol", text(f, "LoginType", "AUTHENTICATION_METHOD_REFERENCE"))
              .put("service.name", text(f, "Application"));
    } else {
      String status = text(f, "REQUEST_STATUS", "STATUS");
      int api = Ocsf.apiActivity(text(f, "METHOD", "OPERATION_TYPE", "HttpMethod"));
      b =
          Ocsf.event(Ocsf.API_ACTIVITY, time, "Salesforce", "Salesforce")
              .activity(api)
              .outcome(
                  status == null
                      ? null
                      : status.equals("S") || status.toLowerCase(Locale.ROOT).startsWith("succe"))
              .put("api.operation", eventType);
    }
    return b.put("metadata.event_code", eventType != null ? eventType : "LoginEvent")
        .put("metadata.uid", text(f, "EventIdentifier", "REQUEST_ID"))
        .actorUser(user, user, uid)
        .put("src_endpoint.ip", text(f, "SourceIp", "SOURCE_IP", "CLIENT_IP"))
        .put("src_endpoint.location.country", text(f, "CountryIso"))
        .put("http_request.user_agent", text(f, "Browser", "BROWSER_TYPE", "USER_AGENT"))
        .put("cloud.account.uid", text(f, "ORGANIZATION_ID"))
        .identity("salesforce", user, uid)
        .build();
  }
}
