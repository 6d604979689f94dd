package io.mantissa.sources;

import static io.mantissa.sources.Fields.number;
import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Map;

/**
 * Microsoft Entra ID sign-ins, from diagnostic settings ({@code properties.*}) or Microsoft Graph
 * ({@code signIn} resources at the top level): Authentication, Logon. A record of the audit log
 * delivered to the same stream ({@code properties.activityDisplayName}) is read as an audit record.
 * The session ({@code sessionId} → {@code session.uid}), the token the sign-in issued ({@code
 * uniqueTokenIdentifier} → {@code session.uid_alt}), the token it redeemed ({@code
 * incomingTokenType} → {@code authentication_token.type} and {@code type_id}, {@code none} left
 * out) and the registered device ({@code deviceDetail.deviceId}, {@code isManaged}, {@code
 * isCompliant} → {@code device.*}) are kept for token-theft detection.
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
    Boolean success = outcome(errorCode);
    String userId = text(f, "properties.userId", "userId");
    String name = text(f, "properties.userDisplayName", "userDisplayName");
    String incomingToken = text(f, "properties.incomingTokenType", "incomingTokenType");
    if (incomingToken != null && incomingToken.equalsIgnoreCase("none")) {
      incomingToken = null;
    }
    Ocsf.Builder risk = Ocsf.event(Ocsf.AUTHENTICATION, time, "Microsoft", "Entra ID");
    ProviderRisk.entra(risk, f);
    return risk.activity(Ocsf.AUTH_LOGON)
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
        // Entra's own location of the sign-in (ISO country code, city, coordinates): GeoIP
        // enrichment keeps it, and the identity detectors use it without a GeoIP database
        .put(
            "src_endpoint.location.country",
            text(f, "properties.location.countryOrRegion", "location.countryOrRegion"))
        .put("src_endpoint.location.region", text(f, "properties.location.state", "location.state"))
        .put("src_endpoint.location.city", text(f, "properties.location.city", "location.city"))
        .put(
            "src_endpoint.location.lat",
            number(
                f,
                "properties.location.geoCoordinates.latitude",
                "location.geoCoordinates.latitude"))
        .put(
            "src_endpoint.location.long",
            number(
                f,
                "properties.location.geoCoordinates.longitude",
                "location.geoCoordinates.longitude"))
        .put("service.name", text(f, "properties.appDisplayName", "appDisplayName"))
        // sessions and tokens: the session a sign-in belongs to, the token it issued and the
        // token it redeemed (OCSF 1.4 authentication_token), and the device it came from
        .put("session.uid", text(f, "properties.sessionId", "sessionId"))
        .put(
            "session.uid_alt", text(f, "properties.uniqueTokenIdentifier", "uniqueTokenIdentifier"))
        .put("authentication_token.type", incomingToken)
        .put("authentication_token.type_id", tokenTypeId(incomingToken))
        .put("device.uid", text(f, "properties.deviceDetail.deviceId", "deviceDetail.deviceId"))
        .put(
            "device.is_managed",
            flag(text(f, "properties.deviceDetail.isManaged", "deviceDetail.isManaged")))
        .put(
            "device.is_compliant",
            flag(text(f, "properties.deviceDetail.isCompliant", "deviceDetail.isCompliant")))
        .put("cloud.provider", "Azure")
        .put("cloud.account.uid", text(f, "tenantId", "properties.homeTenantId"))
        .identity("entra", upn, userId)
        .build();
  }

  /**
   * The OCSF authentication token type id of Entra's {@code incomingTokenType}: refresh token 4,
   * SAML assertion 5, anything else (primary refresh token, remote desktop token) 99 (other).
   */
  private static Integer tokenTypeId(String incoming) {
    if (incoming == null) {
      return null;
    }
    String t = incoming.toLowerCase(java.util.Locale.ROOT);
    return t.equals("refreshtoken") ? 4 : t.startsWith("saml") ? 5 : 99;
  }

  private static Boolean flag(String value) {
    return value == null ? null : Boolean.valueOf(value.equalsIgnoreCase("true"));
  }

  /**
   * The outcome of a sign-in's status: error code {@code 0} (Graph and diagnostic settings) or
   * {@code Success} (some exports spell the result out) is a success, {@code Failure} or any other
   * error code a failure; no code, an unknown outcome.
   */
  static Boolean outcome(String errorCode) {
    if (errorCode == null || errorCode.isBlank()) {
      return null;
    }
    return errorCode.equals("0") || errorCode.equalsIgnoreCase("success");
  }
}
