package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import java.util.Locale;
import java.util.Optional;

/** Human wording shared by the sinks. */
final class AlertText {
  private AlertText() {}

  static String severity(Alert a) {
    String s = a.severity().lowerCaseName();
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String status(Alert a) {
    String s = a.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** "[HIGH] title" */
  static String summary(Alert a) {
    return "[" + a.severity().name() + "] " + a.title();
  }

  static String entity(Entity e) {
    return e.type().name().toLowerCase(Locale.ROOT) + ": " + e.value();
  }

  static Optional<String> first(Alert a, EntityType type) {
    return a.entities().stream().filter(e -> e.type() == type).map(Entity::value).findFirst();
  }

  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
