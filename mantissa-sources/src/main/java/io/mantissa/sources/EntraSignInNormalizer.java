package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Map;

/**
 * Microsoft Entra ID sign-ins, from diagnostic settings ({@code properties.*}) or Microsoft Graph
 * ({@code signIn} resources at the top level): Authentication, Logon. A record of the audit log
 * delivered to the same stream ({@code properties.activityDisplayName}) is read as an audit record.
 */
final class EntraSignInNormalizer implements Normalizer {
  private final EntraAuditNormalizer audit = new EntraAuditNormalizer();

  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    if (text(f, "properties.activityDisplayName", "activityDisplayName") != null) {
      return audit.normalize(f, time);
    }
    String upn = text(f, "properties.userPrincipalName", "userPrincipalName");
    String errorCode = text(f, "properties.status.errorCode", "status.errorCode", "resultType");
    Boolean success = errorCode == null ? null : errorCode.equals("0");
    String userId = text(f, "properties.userId", "userId");
    String name = text(f, "properties.userDisplayName", "userDisplayName");
    return Ocsf.event(Ocsf.AUTHENTICATION, time, "Microsoft", "Entra ID")
        .activity(Ocsf.AUTH_LOGON)
        .outcome(success)
        .put("status_code", errorCode)
        .put(
            "status_detail",
            text(f, "properties.status.failureReason", "status.failureReason", "resultDescription"))
        .put("metadata.event_code", text(f, "category", "operationName"))
        .put("metadata.uid", text(f, "properties.id", "id"))
        .user(upn, upn, userId)
        .actorUser(upn, upn, userId)
        .put("actor.user.full_name", name)
        .put(
            "src_endpoint.ip",
            Ocsf.ip(text(f, "properties.ipAddress", "ipAddress", "callerIpAddress")))
        .put("http_request.user_agent", text(f, "properties.userAgent", "userAgent"))
        .put("service.name", text(f, "properties.appDisplayName", "appDisplayName"))
        .put("cloud.provider", "Azure")
        .put("cloud.account.uid", text(f, "tenantId", "properties.homeTenantId"))
        .identity("entra", upn, userId)
        .build();
  }
}
