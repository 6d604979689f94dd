package io.mantissa.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A delivery envelope around one vendor record: an EventBridge event around a GuardDuty finding, an
 * AKS diagnostic record around a Kubernetes audit event, a Pub/Sub push message around a Cloud
 * Logging LogEntry. Opening it yields the vendor record with the envelope's other fields kept under
 * {@value #ENVELOPE_FIELD}, so no native field is lost and rules see one shape per source.
 */
@FunctionalInterface
interface Envelope {
  /** Where the envelope's own fields are kept in the opened record. */
  String ENVELOPE_FIELD = "_envelope";

  /**
   * The record inside {@code outer}, or {@code null} when this envelope does not apply.
   *
   * @throws RecordRejected when the envelope applies but its content is unreadable
   */
  Map<String, Object> open(Map<String, Object> outer);

  /** EventBridge: {@code {"detail-type":…, "source":…, "detail":{…}}}. */
  Envelope EVENT_BRIDGE =
      outer -> {
        if (!outer.containsKey("detail-type") || !(outer.get("detail") instanceof Map<?, ?>)) {
          return null;
        }
        return Envelopes.inner(outer, Envelopes.object(outer.get("detail")), "detail");
      };

  /**
   * AKS diagnostic settings: {@code {"category":"kube-audit"|"kube-audit-admin", "properties":{
   * "log": "<audit event JSON>"}}} (the log may also be an object already).
   */
  Envelope AKS_DIAGNOSTIC =
      outer -> {
        if (!(outer.get("category") instanceof String c)
            || !Envelopes.AKS_CATEGORIES.contains(c)
            || !(outer.get("properties") instanceof Map<?, ?> props)
            || props.get("log") == null) {
          return null;
        }
        Object log = props.get("log");
        Map<String, Object> event =
            log instanceof String s
                ? Envelopes.parseObject(s, "properties.log")
                : Envelopes.objectOrReject(log, "properties.log");
        Map<String, Object> rest = new LinkedHashMap<>(outer);
        Map<String, Object> propsRest = new LinkedHashMap<>();
        props.forEach((k, v) -> propsRest.put(String.valueOf(k), v));
        propsRest.remove("log");
        rest.put("properties", propsRest);
        Map<String, Object> inner = new LinkedHashMap<>(event);
        inner.put(ENVELOPE_FIELD, rest);
        return inner;
      };

  /**
   * Pub/Sub push: {@code {"message":{"data":"<base64 JSON>", "messageId":…, "attributes":…},
   * "subscription":…}}.
   */
  Envelope PUB_SUB =
      outer -> {
        if (!(outer.get("message") instanceof Map<?, ?> message)
            || !(message.get("data") instanceof String data)
            || !(outer.containsKey("subscription") || message.containsKey("messageId"))) {
          return null;
        }
        byte[] decoded;
        try {
          decoded = Base64.getDecoder().decode(data.trim());
        } catch (IllegalArgumentException e) {
          throw new RecordRejected("message.data is not base64: " + e.getMessage());
        }
        Map<String, Object> entry =
            Envelopes.parseObject(new String(decoded, StandardCharsets.UTF_8), "message.data");
        Map<String, Object> rest = new LinkedHashMap<>(outer);
        Map<String, Object> messageRest = new LinkedHashMap<>();
        message.forEach((k, v) -> messageRest.put(String.valueOf(k), v));
        messageRest.remove("data");
        rest.put("message", messageRest);
        Map<String, Object> inner = new LinkedHashMap<>(entry);
        inner.put(ENVELOPE_FIELD, rest);
        return inner;
      };

  /** Helpers of the envelopes. */
  final class Envelopes {
    static final Set<String> AKS_CATEGORIES = Set.of("kube-audit", "kube-audit-admin");
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Envelopes() {}

    static Map<String, Object> inner(
        Map<String, Object> outer, Map<String, Object> record, String key) {
      Map<String, Object> rest = new LinkedHashMap<>(outer);
      rest.remove(key);
      Map<String, Object> inner = new LinkedHashMap<>(record);
      inner.put(ENVELOPE_FIELD, rest);
      return inner;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
      return (Map<String, Object>) value;
    }

    static Map<String, Object> objectOrReject(Object value, String what) {
      if (value instanceof Map<?, ?>) {
        return object(value);
      }
      throw new RecordRejected(what + " is not a JSON object");
    }

    static Map<String, Object> parseObject(String json, String what) {
      if (!json.stripLeading().startsWith("{")) {
        throw new RecordRejected(what + " is not a JSON object");
      }
      try {
        return MAPPER.readValue(json, MAP);
      } catch (JsonProcessingException e) {
        throw new RecordRejected(what + " is not valid JSON: " + firstLine(e.getOriginalMessage()));
      }
    }

    /** The first line of a Jackson message (they go on with a source excerpt); null stays null. */
    static String firstLine(String message) {
      int newline = message == null ? -1 : message.indexOf('\n');
      return newline >= 0 ? message.substring(0, newline) : message;
    }
  }
}
