package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kubernetes audit events: API Activity by verb ({@code create} is Create, {@code get}/{@code
 * list}/{@code watch} Read, {@code update}/{@code patch} Update, {@code delete}/{@code
 * deletecollection} Delete). Native {@code audit.k8s.io} events (also those opened from AKS
 * diagnostic records) are read directly; GKE's Cloud Audit LogEntry is read like GCP audit logs.
 */
final class KubernetesNormalizer implements Normalizer {
  private final GcpAuditNormalizer gke = new GcpAuditNormalizer("Kubernetes (GKE)");

  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    if (!Fields.map(f, "protoPayload", "protopayload").isEmpty()) {
      return gke.normalize(f, time);
    }
    String verb = text(f, "verb");
    String v = verb == null ? "" : verb.toLowerCase(Locale.ROOT);
    int api =
        switch (v) {
          case "create" -> Ocsf.API_CREATE;
          case "get", "list", "watch" -> Ocsf.API_READ;
          case "update", "patch" -> Ocsf.API_UPDATE;
          case "delete", "deletecollection" -> Ocsf.API_DELETE;
          default -> Ocsf.OTHER;
        };
    Double code = Fields.number(f, "responseStatus.code");
    Boolean success = code == null ? null : code < 400;
    String user = text(f, "user.username");
    String resource = text(f, "objectRef.resource");
    String sub = text(f, "objectRef.subresource");
    String provider =
        "kube-audit".equals(text(f, "_envelope.category"))
                || "kube-audit-admin".equals(text(f, "_envelope.category"))
            ? "Azure"
            : null;
    return Ocsf.event(Ocsf.API_ACTIVITY, time, "Kubernetes", "Kubernetes")
        .activity(api)
        .outcome(success)
        .put("status_code", code == null ? null : code.longValue())
        .put("status_detail", text(f, "responseStatus.message", "responseStatus.reason"))
        .put("api.operation", verb)
        .put("api.service.name", text(f, "objectRef.apiGroup"))
        .put("api.version", text(f, "objectRef.apiVersion"))
        .put("api.request.uid", text(f, "auditID"))
        .put(
            "metadata.event_code",
            resource == null ? verb : verb + " " + resource + (sub == null ? "" : "/" + sub))
        .put("metadata.uid", text(f, "auditID"))
        .actorUser(user, null, text(f, "user.uid"))
        .put("actor.user.groups", groups(f))
        .put("src_endpoint.ip", text(f, "sourceIPs.0"))
        .put("http_request.user_agent", text(f, "userAgent"))
        .put("http_request.url.path", text(f, "requestURI"))
        .put("resources", resources(f))
        .put("cloud.provider", provider)
        .identity("kubernetes", user)
        .build();
  }

  private static List<Map<String, Object>> groups(Map<String, Object> f) {
    List<String> groups = Fields.strings(f, "user.groups");
    return groups.isEmpty()
        ? null
        : groups.stream().map(g -> Map.<String, Object>of("name", g)).toList();
  }

  private static List<Map<String, Object>> resources(Map<String, Object> f) {
    Map<String, Object> r = new LinkedHashMap<>();
    putIf(r, "type", text(f, "objectRef.resource"));
    putIf(r, "name", text(f, "objectRef.name"));
    putIf(r, "namespace", text(f, "objectRef.namespace"));
    putIf(r, "uid", text(f, "objectRef.uid"));
    return r.isEmpty() ? null : List.of(r);
  }

  private static void putIf(Map<String, Object> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
