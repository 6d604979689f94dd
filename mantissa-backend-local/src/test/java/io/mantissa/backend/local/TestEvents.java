package io.mantissa.backend.local;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.mantissa.api.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Realistic events for lake tests. */
final class TestEvents {
  private TestEvents() {}

  /** The NDJSON text of a raw batch file, decompressed by the codec its suffix names. */
  static String decompress(Path file) throws IOException {
    String name = file.getFileName().toString();
    InputStream raw = Files.newInputStream(file);
    try (InputStream in =
        name.endsWith(".zst")
            ? new ZstdInputStreamNoFinalizer(raw)
            : name.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** An Okta System Log sign-in event with its OCSF authentication (3002) fields. */
  static Event okta(String id, Instant time) {
    return okta(id, time, "alice@example.com", "SUCCESS");
  }

  static Event okta(String id, Instant time, String user, String outcome) {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("id", "00u1abcd" + user.hashCode());
    actor.put("type", "User");
    actor.put("alternateId", user);
    actor.put("displayName", "Alice Example");
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("ipAddress", "198.51.100.7");
    client.put("userAgent", Map.of("rawUserAgent", "Mozilla/5.0", "os", "Mac OS X"));
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("uuid", id);
    raw.put("published", time.toString());
    raw.put("eventType", "user.session.start");
    raw.put("severity", "INFO");
    raw.put("actor", actor);
    raw.put("client", client);
    raw.put("outcome", Map.of("result", outcome));
    raw.put("target", List.of(Map.of("type", "AppInstance", "displayName", "Salesforce")));
    raw.put("risk", 12.5);
    raw.put("mfa", true);
    Map<String, Object> ocsf = new LinkedHashMap<>();
    ocsf.put("class_uid", 3002);
    ocsf.put("activity_id", 1);
    ocsf.put("actor", Map.of("user", Map.of("name", user)));
    ocsf.put("src_endpoint", Map.of("ip", "198.51.100.7"));
    ocsf.put("status", outcome.equals("SUCCESS") ? "Success" : "Failure");
    return new Event("okta", time, id, raw, ocsf);
  }

  /** A plain event of any source, without OCSF identity classes. */
  static Event plain(String source, String id, Instant time) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("eventID", id);
    raw.put("eventName", "GetObject");
    raw.put("n", 7L);
    return new Event(source, time, id, raw, Map.of("class_uid", 6003));
  }

  /** {@code count} Okta events spread evenly from {@code start}, {@code step} apart. */
  static List<Event> oktaSeries(String prefix, Instant start, long stepMillis, int count) {
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(okta(prefix + i, start.plusMillis(stepMillis * i)));
    }
    return events;
  }
}
