package io.mantissa.alerting;

import io.mantissa.api.Entity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Dedup keys and the state-store keys of this module. */
final class Keys {
  static final String ALERT = "alert/";
  static final String DEDUP = "dedup/";
  static final String SUPPRESSION = "suppression/";
  static final String AUDIT = "audit/";
  static final String OUTBOX = "outbox/";
  static final String DEAD_LETTER = "deadletter/";
  static final String ESCALATED = "escalated/";
  static final String ESCALATION_PENDING = "escalation-pending/";

  private Keys() {}

  /**
   * The dedup key of a detection: the rule id, then each entity whose type the rule dedups by, as
   * {@code type:value}, sorted, separated by {@code |}. Values are escaped so that no value can
   * imitate a separator: two detections share a key only when they share the rule and every dedup
   * entity. The entity types come from the caller: the rule's override or {@link
   * Detection#dedupBy()}.
   */
  static String dedupKey(Detection d, java.util.Set<io.mantissa.api.EntityType> dedupBy) {
    StringBuilder sb = new StringBuilder(escape(d.ruleId()));
    d.entities().stream()
        .filter(e -> dedupBy.contains(e.type()))
        .map(Keys::entity)
        .distinct()
        .sorted()
        .forEach(e -> sb.append('|').append(e));
    return sb.toString();
  }

  private static String entity(Entity e) {
    return e.type().name().toLowerCase(Locale.ROOT) + ":" + escape(e.value());
  }

  private static String escape(String s) {
    return s.replace("%", "%25").replace("|", "%7C");
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes. */
  static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
