package io.mantissa.sources;

import static io.mantissa.sources.Fields.number;
import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CrowdStrike Falcon detections (streaming API {@code DetectionSummaryEvent} and other {@code
 * …Detection…} events, FDR detection summaries such as Identity Protection's): Detection Finding.
 * Other Falcon telemetry (process, network, DNS events) has no OCSF class here yet and gets no
 * normalized fields.
 */
final class CrowdStrikeNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String eventType =
        text(
            f,
            "metadata.eventType",
            "event_simpleName",
            "event.event_simpleName",
            "Name",
            "fdr_event_type");
    boolean detection =
        (eventType != null && eventType.contains("Detect"))
            || text(
                    f,
                    "event.DetectId",
                    "event.DetectName",
                    "CompositeId",
                    "PatternId",
                    "event.Technique")
                != null;
    if (!detection) {
      return Map.of();
    }
    Map<String, Object> e = Fields.map(f, "event");
    Map<String, Object> src = e.isEmpty() ? f : e;
    String severityName = text(src, "SeverityName");
    int severity = Ocsf.severityOfWord(severityName);
    if (severity == Ocsf.SEVERITY_UNKNOWN) {
      Double s = number(src, "Severity");
      severity =
          s == null
              ? Ocsf.SEVERITY_UNKNOWN
              : s <= 5
                  ? Math.max(1, s.intValue())
                  : s >= 90
                      ? Ocsf.SEVERITY_CRITICAL
                      : s >= 70
                          ? Ocsf.SEVERITY_HIGH
                          : s >= 40
                              ? Ocsf.SEVERITY_MEDIUM
                              : s >= 20 ? Ocsf.SEVERITY_LOW : Ocsf.SEVERITY_INFORMATIONAL;
    }
    String user = text(src, "SourceAccountUpn", "UserPrincipal", "UserName", "SourceAccountName");
    String technique =
        text(src, "Technique", "MitreAttack.0.TechniqueID", "MitreAttack.0.technique_id");
    return Ocsf.event(Ocsf.DETECTION_FINDING, time, "CrowdStrike", "Falcon")
        .activity(Ocsf.FINDING_CREATE)
        .severity(severity)
        .put("status_id", 1)
        .put("status", "New")
        .put("finding_info.uid", text(src, "CompositeId", "DetectId", "AggregateId", "id"))
        .put("finding_info.title", text(src, "DetectName", "DisplayName", "Name"))
        .put("finding_info.desc", text(src, "DetectDescription", "Description"))
        .put("finding_info.src_url", text(src, "FalconHostLink"))
        .put(
            "finding_info.attacks",
            technique == null ? null : List.of(Map.of("technique", Map.of("uid", technique))))
        .put("metadata.event_code", eventType)
        .put("actor.user.name", user)
        .put("device.hostname", text(src, "ComputerName", "HostName", "SourceEndpointHostName"))
        .put("device.uid", text(src, "SensorId", "AgentId", "aid"))
        .put("src_endpoint.ip", text(src, "SourceEndpointIpAddress", "LocalIP", "aip"))
        .identity("crowdstrike", user)
        .build();
  }
}
