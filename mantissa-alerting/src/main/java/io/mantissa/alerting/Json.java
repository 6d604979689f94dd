package io.mantissa.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** JSON documents of this module: alerts, records, suppressions, audit entries. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new MantissaException(ErrorCode.INTERNAL, "cannot write JSON", e);
    }
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "stored document is not JSON", e);
    }
  }

  /** An arbitrary enrichment value as JSON; values Jackson cannot map become their string. */
  static JsonNode value(Object value) {
    try {
      return MAPPER.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return MAPPER.getNodeFactory().textNode(String.valueOf(value));
    }
  }

  static ObjectNode alert(Alert alert) {
    ObjectNode n = object();
    n.put("id", alert.id());
    n.put("rule_id", alert.ruleId());
    n.put("title", alert.title());
    n.put("severity", alert.severity().lowerCaseName());
    n.put("status", alert.status().name().toLowerCase(Locale.ROOT));
    n.put("time", alert.time().toString());
    n.put("dedup_key", alert.dedupKey());
    ArrayNode entities = n.putArray("entities");
    for (Entity e : alert.entities()) {
      entities
          .addObject()
          .put("type", e.type().name().toLowerCase(Locale.ROOT))
          .put("value", e.value());
    }
    ArrayNode events = n.putArray("event_ids");
    alert.eventIds().forEach(events::add);
    ArrayNode tags = n.putArray("attack_tags");
    alert.attackTags().forEach(tags::add);
    ObjectNode enrichment = n.putObject("enrichment");
    alert.enrichment().forEach((k, v) -> enrichment.set(k, value(v)));
    return n;
  }

  static Alert alert(JsonNode n) {
    Alert.Builder b =
        Alert.builder()
            .id(n.path("id").asText())
            .ruleId(n.path("rule_id").asText())
            .title(n.path("title").asText())
            .severity(Severity.fromName(n.path("severity").asText()))
            .status(AlertStatus.valueOf(n.path("status").asText().toUpperCase(Locale.ROOT)))
            .time(Instant.parse(n.path("time").asText()))
            .dedupKey(n.path("dedup_key").asText());
    for (JsonNode e : n.path("entities")) {
      b.entity(
          new Entity(
              EntityType.valueOf(e.path("type").asText().toUpperCase(Locale.ROOT)),
              e.path("value").asText()));
    }
    n.path("event_ids").forEach(e -> b.eventId(e.asText()));
    n.path("attack_tags").forEach(t -> b.attackTag(t.asText()));
    for (Map.Entry<String, JsonNode> e : n.path("enrichment").properties()) {
      if (!e.getValue().isNull()) {
        b.enrichment(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
      }
    }
    return b.build();
  }

  static String record(AlertRecord r) {
    ObjectNode n = object();
    n.set("alert", alert(r.alert()));
    n.put("count", r.count());
    n.put("last_seen", r.lastSeen().toString());
    n.put("created_at", r.createdAt().toString());
    n.put("updated_at", r.updatedAt().toString());
    n.put("last_detection_at", r.lastDetectionAt().toString());
    ArrayNode dedupBy = n.putArray("dedup_by");
    r.dedupBy().stream().map(Enum::name).sorted().forEach(dedupBy::add);
    return write(n);
  }

  static AlertRecord record(String json) {
    JsonNode n = read(json);
    return new AlertRecord(
        alert(n.path("alert")),
        n.path("count").asLong(),
        Instant.parse(n.path("last_seen").asText()),
        Instant.parse(n.path("created_at").asText()),
        Instant.parse(n.path("updated_at").asText()),
        Instant.parse(n.path("last_detection_at").asText()),
        types(n.path("dedup_by")));
  }

  private static Set<EntityType> types(JsonNode array) {
    Set<EntityType> out = EnumSet.noneOf(EntityType.class);
    array.forEach(t -> out.add(EntityType.valueOf(t.asText())));
    return out;
  }

  static String suppression(Suppression s) {
    ObjectNode n = object();
    n.put("id", s.id());
    n.put("rule_id", s.ruleId());
    ArrayNode entities = n.putArray("entities");
    for (Entity e : s.entities()) {
      entities.addObject().put("type", e.type().name()).put("value", e.value());
    }
    n.put("from", s.from().toString());
    n.put("until", s.until().toString());
    n.put("reason", s.reason());
    n.put("created_by", s.createdBy());
    return write(n);
  }

  static Suppression suppression(String json) {
    JsonNode n = read(json);
    List<Entity> entities = new ArrayList<>();
    for (JsonNode e : n.path("entities")) {
      entities.add(
          new Entity(EntityType.valueOf(e.path("type").asText()), e.path("value").asText()));
    }
    return new Suppression(
        n.path("id").asText(),
        n.path("rule_id").asText(),
        entities,
        Instant.parse(n.path("from").asText()),
        Instant.parse(n.path("until").asText()),
        n.path("reason").asText(),
        n.path("created_by").asText());
  }

  static String audit(AuditRecord a) {
    ObjectNode n = object();
    n.put("time", a.time().toString());
    n.put("actor", a.actor());
    n.put("action", a.action());
    n.put("alert_id", a.alertId());
    n.put("detail", a.detail());
    return write(n);
  }

  static AuditRecord audit(String json) {
    JsonNode n = read(json);
    return new AuditRecord(
        Instant.parse(n.path("time").asText()),
        n.path("actor").asText(),
        n.path("action").asText(),
        n.path("alert_id").asText(),
        n.path("detail").asText());
  }
}
