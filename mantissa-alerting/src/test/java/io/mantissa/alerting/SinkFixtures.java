package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.Map;

/** The alert the exact-request sink tests send. */
final class SinkFixtures {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private SinkFixtures() {}

  static Alert alert() {
    return Alert.builder()
        .id("a-1")
        .ruleId("okta-brute-force")
        .title("Brute force against alice")
        .severity(Severity.HIGH)
        .time(Instant.parse("2025-12-31T23:58:00Z"))
        .entity(Entity.user("alice"))
        .entity(Entity.ip("203.0.113.7"))
        .entity(new Entity(EntityType.HOST, "web-01"))
        .eventId("e1")
        .attackTag("attack.t1110")
        .enrichment("geo", Map.of("country", "NL"))
        .build();
  }
}
