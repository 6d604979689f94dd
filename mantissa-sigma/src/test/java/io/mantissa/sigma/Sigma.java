package io.mantissa.sigma;

import io.mantissa.api.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test helpers: parse YAML text, build events. */
final class Sigma {
  private static final AtomicLong IDS = new AtomicLong();
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Sigma() {}

  static SigmaCollection parse(String yaml) {
    return new SigmaParser().parse(yaml, "test.yml");
  }

  static SigmaRule rule(String yaml) {
    return parse(yaml).rules().get(0);
  }

  /** A rule with a title and the given detection body (indented by four spaces). */
  static SigmaRule detection(String body) {
    return rule("title: t\nlogsource:\n    product: test\ndetection:\n" + body);
  }

  static CompiledRule compiled(String body) {
    return CompiledRule.compile(detection(body));
  }

  /** An event from alternating keys and values. */
  static Event event(Object... kv) {
    return eventAt(T0, kv);
  }

  static Event eventAt(Instant time, Object... kv) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put((String) kv[i], kv[i + 1]);
    }
    return Event.of("test", time, "e" + IDS.incrementAndGet(), fields);
  }
}
