package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Google Cloud Audit Logs (a Cloud Logging LogEntry with an AuditLog {@code protoPayload}): API
 * Activity. The outcome is a failure when {@code protoPayload.status.code} is set and not 0. Reads
 * the lower-cased {@code protopayload} some pipelines write too.
 */
final class GcpAuditNormalizer implements Normalizer {
  private final String product;

  GcpAuditNormalizer() {
    this("Cloud Audit Logs");
  }

  GcpAuditNormalizer(String product) {
    this.product = product;
  }

  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    Map<String, Object> p = Fields.map(f, "protoPayload", "protopayload");
    String method = text(p, "methodName", "methodname");
    String code = text(p, "status.code");
    Boolean success = code == null || code.equals("0") || code.equals("0.0");
    if (code == null && Fields.map(p, "status").isEmpty() && p.isEmpty()) {
      success = null;
    }
    int api = Ocsf.apiActivity(method);
    String email =
        text(p, "authenticationInfo.principalEmail", "authenticationinfo.principalemail");
    String severity = text(f, "severity");
    return Ocsf.event(Ocsf.API_ACTIVITY, time, "Google", product)
        .activity(api)
        .severity(Math.max(Ocsf.SEVERITY_INFORMATIONAL, Ocsf.severityOfWord(severity)))
        .outcome(success)
        .put("status_code", code)
        .put("status_detail", text(p, "status.message"))
        .put("api.operation", method)
        .put("api.service.name", text(p, "serviceName", "servicename"))
        .put("api.response.error", code == null || "0".equals(code) ? null : code)
        .put("metadata.event_code", method)
        .put("metadata.uid", text(f, "insertId", "insertid"))
        .put("metadata.log_name", text(f, "logName", "logname"))
        .actorUser(email, email, text(p, "authenticationInfo.principalSubject"))
        .put(
            "actor.user.type",
            text(
                        p,
                        "authenticationInfo.serviceAccountDelegationInfo.0"
                            + ".firstPartyPrincipal.principalEmail")
                    == null
                ? null
                : "ServiceAccount")
        .put("src_endpoint.ip", text(p, "requestMetadata.callerIp", "requestmetadata.callerip"))
        .put(
            "http_request.user_agent",
            text(
                p,
                "requestMetadata.callerSuppliedUserAgent",
                "requestmetadata.callersupplieduseragent"))
        .put("resources", resources(f, p))
        .put("cloud.provider", "GCP")
        .put("cloud.project_uid", text(f, "resource.labels.project_id"))
        .put(
            "cloud.region",
            text(f, "resource.labels.location", "resource.labels.region", "resource.labels.zone"))
        .identity("gcp", email)
        .build();
  }

  private static List<Map<String, Object>> resources(Map<String, Object> f, Map<String, Object> p) {
    String name = text(p, "resourceName", "resourcename");
    String type = text(f, "resource.type");
    if (name == null && type == null) {
      return null;
    }
    Map<String, Object> r = new java.util.LinkedHashMap<>();
    if (name != null) {
      r.put("name", name);
    }
    if (type != null) {
      r.put("type", type);
    }
    return List.of(r);
  }
}
