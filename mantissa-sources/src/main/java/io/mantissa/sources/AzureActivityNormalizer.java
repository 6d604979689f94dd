package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Azure Activity Log (diagnostic settings records and the REST API's {@code eventData}): API
 * Activity, by the operation's last segment ({@code …/WRITE} is Update, {@code …/DELETE} Delete,
 * {@code …/READ} Read, {@code …/ACTION} Other). The caller comes from the token claims.
 */
final class AzureActivityNormalizer implements Normalizer {
  private static final String UPN_CLAIM =
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
  private static final String NAME_CLAIM =
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
  private static final String OID_CLAIM =
      "http://schemas.microsoft.com/identity/claims/objectidentifier";

  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String op = text(f, "operationName.value", "operationName");
    String o = op == null ? "" : op.toUpperCase(Locale.ROOT);
    int activity =
        o.endsWith("/WRITE")
            ? Ocsf.API_UPDATE
            : o.endsWith("/DELETE")
                ? Ocsf.API_DELETE
                : o.endsWith("/READ") ? Ocsf.API_READ : Ocsf.OTHER;
    String result = text(f, "resultType", "status.value", "resultSignature");
    Boolean success = null;
    if (result != null) {
      String r = result.toLowerCase(Locale.ROOT);
      success =
          r.startsWith("succe") || r.equals("accept") || r.equals("accepted")
              ? Boolean.TRUE
              : r.startsWith("fail") ? Boolean.FALSE : null;
    }
    Map<String, Object> claims = Fields.map(f, "identity.claims", "claims");
    String upn =
        firstNonNull(claim(claims, UPN_CLAIM), claim(claims, NAME_CLAIM), text(f, "caller"));
    String uid = firstNonNull(claim(claims, OID_CLAIM), claim(claims, "oid"));
    String appId = firstNonNull(claim(claims, "appid"), claim(claims, "azp"));
    String resourceId = text(f, "resourceId");
    return Ocsf.event(Ocsf.API_ACTIVITY, time, "Microsoft", "Azure Activity Log")
        .activity(activity)
        .severity(
            Math.max(
                Ocsf.SEVERITY_INFORMATIONAL,
                Ocsf.severityOfWord(text(f, "level", "Level", "level.value"))))
        .outcome(success)
        .put("status_code", text(f, "resultSignature", "subStatus.value"))
        .put("api.operation", op)
        .put("api.service.name", provider(o))
        .put("metadata.event_code", text(f, "category", "category.value"))
        .put("metadata.uid", text(f, "eventDataId", "correlationId"))
        .actorUser(upn != null ? upn : appId, upn, uid)
        .put("actor.app_uid", appId)
        .put(
            "src_endpoint.ip",
            Ocsf.ip(text(f, "callerIpAddress", "httpRequest.clientIpAddress", "claims.ipaddr")))
        .put("http_request.user_agent", text(f, "properties.userAgentHeader", "userAgent"))
        .put("resources", resourceId == null ? null : java.util.List.of(Map.of("uid", resourceId)))
        .put("cloud.provider", "Azure")
        .put("cloud.account.uid", subscription(resourceId))
        .put("cloud.region", text(f, "location", "RoleLocation"))
        .identity("azure", upn, uid, appId)
        .build();
  }

  private static String claim(Map<String, Object> claims, String name) {
    return claims.get(name) instanceof String s && !s.isBlank() ? s : null;
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String provider(String op) {
    int slash = op.indexOf('/');
    return slash > 0 ? op.substring(0, slash) : null;
  }

  private static String subscription(String resourceId) {
    if (resourceId == null) {
      return null;
    }
    String[] parts = resourceId.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("subscriptions")) {
        return parts[i + 1].toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }
}
