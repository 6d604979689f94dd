package io.mantissa.soar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state-store documents of the trigger: requests and audit entries, as JSON. */
final class StoredJson {
  private StoredJson() {}

  static String request(ResponseRequest r) {
    ObjectNode n = ActionHttp.MAPPER.createObjectNode();
    n.put("idempotencyKey", r.idempotencyKey());
    n.put("action", r.action());
    target(n, r.target());
    ObjectNode p = n.putObject("parameters");
    r.parameters().forEach(p::put);
    n.put("actor", r.actor());
    n.put("rule", r.rule());
    n.put("alertId", r.alertId());
    n.put("reason", r.reason());
    n.put("state", r.state().name());
    n.put("attempts", r.attempts());
    n.put("nextAttemptAt", r.nextAttemptAt().toString());
    n.put("leaseUntil", r.leaseUntil().toString());
    n.put("lastDetail", r.lastDetail());
    n.put("createdAt", r.createdAt().toString());
    n.put("updatedAt", r.updatedAt().toString());
    ResponseRequest.Approval a = r.approval();
    if (a.required()) {
      ObjectNode o = n.putObject("approval");
      a.approvers().forEach(o.putArray("approvers")::add);
      o.put("deadline", a.deadline().toString());
      o.put("decision", a.decision().name());
      o.put("decidedBy", a.decidedBy());
      o.put("decidedAt", a.decidedAt().toString());
      o.put("comment", a.comment());
    }
    return write(n);
  }

  private static ResponseRequest.Approval approval(JsonNode n) {
    JsonNode o = n.get("approval");
    if (o == null || !o.isObject()) {
      return ResponseRequest.Approval.NOT_REQUIRED; // documents written before approvals existed
    }
    List<String> approvers = new ArrayList<>();
    o.path("approvers").forEach(a -> approvers.add(a.asText()));
    return new ResponseRequest.Approval(
        true,
        approvers,
        Instant.parse(o.path("deadline").asText()),
        ResponseRequest.Approval.Decision.valueOf(o.path("decision").asText()),
        o.path("decidedBy").asText(),
        Instant.parse(o.path("decidedAt").asText()),
        o.path("comment").asText());
  }

  static ResponseRequest request(String json) {
    JsonNode n = read(json);
    Map<String, String> parameters = new LinkedHashMap<>();
    n.path("parameters")
        .properties()
        .forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
    return new ResponseRequest(
        n.path("idempotencyKey").asText(),
        n.path("action").asText(),
        target(n),
        parameters,
        n.path("actor").asText(),
        n.path("rule").asText(),
        n.path("alertId").asText(),
        n.path("reason").asText(),
        ResponseRequest.State.valueOf(n.path("state").asText()),
        n.path("attempts").asInt(),
        Instant.parse(n.path("nextAttemptAt").asText()),
        Instant.parse(n.path("leaseUntil").asText()),
        n.path("lastDetail").asText(),
        Instant.parse(n.path("createdAt").asText()),
        Instant.parse(n.path("updatedAt").asText()),
        approval(n));
  }

  static String attempt(ResponseAttempt a) {
    ObjectNode n = ActionHttp.MAPPER.createObjectNode();
    n.put("time", a.time().toString());
    n.put("actor", a.actor());
    n.put("rule", a.rule());
    n.put("alertId", a.alertId());
    n.put("action", a.action());
    target(n, a.target());
    n.put("idempotencyKey", a.idempotencyKey());
    n.put("attempt", a.attempt());
    n.put("outcome", a.outcome().name());
    n.put("detail", a.detail());
    return write(n);
  }

  static ResponseAttempt attempt(String json) {
    JsonNode n = read(json);
    return new ResponseAttempt(
        Instant.parse(n.path("time").asText()),
        n.path("actor").asText(),
        n.path("rule").asText(),
        n.path("alertId").asText(),
        n.path("action").asText(),
        target(n),
        n.path("idempotencyKey").asText(),
        n.path("attempt").asInt(),
        ResponseAttempt.Outcome.valueOf(n.path("outcome").asText()),
        n.path("detail").asText());
  }

  private static void target(ObjectNode n, Entity target) {
    ObjectNode t = n.putObject("target");
    t.put("type", target.type().name());
    t.put("value", target.value());
  }

  private static Entity target(JsonNode n) {
    return new Entity(
        EntityType.valueOf(n.path("target").path("type").asText()),
        n.path("target").path("value").asText());
  }

  private static String write(JsonNode n) {
    try {
      return ActionHttp.MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new MantissaException(ErrorCode.INTERNAL, "cannot write a response document", e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return ActionHttp.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "unreadable response document", e);
    }
  }
}
