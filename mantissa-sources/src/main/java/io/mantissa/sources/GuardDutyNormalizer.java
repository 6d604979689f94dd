package io.mantissa.sources;

import static io.mantissa.sources.Fields.number;
import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon GuardDuty findings: Detection Finding. Severity 0.1–3.9 is Low, 4–6.9 Medium, 7–8.9 High,
 * 9 and above Critical (AWS's own bands). A finding seen once ({@code service.count} 1) is Create,
 * else Update.
 */
final class GuardDutyNormalizer implements Normalizer {
  private static final String[] REMOTE_IP = {
    "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4",
    "service.action.awsApiCallAction.remoteIpDetails.ipAddressV4",
    "service.action.kubernetesApiCallAction.remoteIpDetails.ipAddressV4",
    "service.action.portProbeAction.portProbeDetails.0.remoteIpDetails.ipAddressV4",
    "service.action.rdsLoginAttemptAction.remoteIpDetails.ipAddressV4",
    "service.action.kubernetesApiCallAction.sourceIPs.0"
  };

  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    Double score = number(f, "severity");
    int severity =
        score == null
            ? Ocsf.SEVERITY_UNKNOWN
            : score >= 9
                ? Ocsf.SEVERITY_CRITICAL
                : score >= 7
                    ? Ocsf.SEVERITY_HIGH
                    : score >= 4 ? Ocsf.SEVERITY_MEDIUM : Ocsf.SEVERITY_LOW;
    Double count = number(f, "service.count");
    boolean update = count != null && count > 1;
    boolean archived = Boolean.TRUE.equals(Fields.bool(f, "service.archived"));
    String user =
        text(
            f,
            "resource.accessKeyDetails.userName",
            "resource.kubernetesDetails.kubernetesUserDetails.username",
            "resource.rdsDbUserDetails.user",
            "resource.rdsLimitlessDbDetails.user");
    String type = text(f, "type");
    return Ocsf.event(Ocsf.DETECTION_FINDING, time, "AWS", "GuardDuty")
        .activity(update ? Ocsf.FINDING_UPDATE : Ocsf.FINDING_CREATE)
        .severity(severity)
        .put("status_id", archived ? 3 : 1)
        .put("status", archived ? "Suppressed" : "New")
        .put("finding_info.uid", text(f, "id"))
        .put("finding_info.title", text(f, "title"))
        .put("finding_info.desc", text(f, "description"))
        .put("finding_info.types", type == null ? null : List.of(type))
        .put("finding_info.created_time", millis(text(f, "createdAt")))
        .put("finding_info.modified_time", millis(text(f, "updatedAt")))
        .put("finding_info.count", count == null ? null : count.longValue())
        .put("metadata.event_code", type)
        .put("metadata.uid", text(f, "id"))
        .put("resources", resources(text(f, "resource.resourceType")))
        .put("actor.user.name", user)
        .put("actor.user.credential_uid", text(f, "resource.accessKeyDetails.accessKeyId"))
        .put(
            "api.operation",
            text(
                f,
                "service.action.awsApiCallAction.api",
                "service.action.kubernetesApiCallAction.verb"))
        .put("api.service.name", text(f, "service.action.awsApiCallAction.serviceName"))
        .put("src_endpoint.ip", text(f, REMOTE_IP))
        .put(
            "http_request.user_agent",
            text(
                f,
                "service.action.awsApiCallAction.userAgent",
                "service.action.kubernetesApiCallAction.userAgent"))
        .put("cloud.provider", "AWS")
        .put("cloud.region", text(f, "region"))
        .put("cloud.account.uid", text(f, "accountId"))
        .identity("aws", user)
        .build();
  }

  private static List<Map<String, Object>> resources(String type) {
    return type == null ? null : List.of(Map.of("type", type));
  }

  private static Long millis(String time) {
    Optional<Instant> t = time == null ? Optional.empty() : Timestamps.parse(time);
    return t.map(Instant::toEpochMilli).orElse(null);
  }
}
