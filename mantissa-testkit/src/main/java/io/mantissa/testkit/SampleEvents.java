package io.mantissa.testkit;

import io.mantissa.api.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events with realistic native and OCSF fields, for the storage suites. */
final class SampleEvents {
  private SampleEvents() {}

  /** One login event of {@code user}. */
  static Event login(String source, Instant time, String id, String user) {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("alternateId", user);
    actor.put("displayName", "Zażółć Gęślą 中文 😀");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("uuid", id);
    fields.put("eventType", "user.session.start");
    fields.put("published", time.toString());
    fields.put("actor", actor);
    fields.put("outcome", Map.of("result", "SUCCESS"));
    fields.put("ipAddress", "203.0.113.7");
    fields.put("attempts", 3);
    fields.put("tags", List.of("a", "b \"quoted\"", "line\nbreak"));
    fields.put("nothing", null);
    Map<String, Object> normalized = new LinkedHashMap<>();
    normalized.put("class_uid", 3002);
    normalized.put("activity_id", 1);
    normalized.put("actor", Map.of("user", Map.of("name", user)));
    normalized.put("src_endpoint", Map.of("ip", "203.0.113.7"));
    normalized.put("status", "Success");
    return new Event(source, time, id, fields, normalized);
  }

  /** Login events at the given times, with ids {@code prefix-0}, {@code prefix-1}, ... */
  static List<Event> logins(String source, String prefix, Instant... times) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      events.add(login(source, times[i], prefix + "-" + i, "alice@example.com"));
    }
    return events;
  }

  /** {@code count} login events spread over one hour starting at {@code hour}. */
  static List<Event> spread(String source, String prefix, Instant hour, int count) {
    Instant[] times = new Instant[count];
    for (int i = 0; i < count; i++) {
      times[i] = hour.plusMillis(3_600_000L * i / count + 1);
    }
    return logins(source, prefix, times);
  }
}
