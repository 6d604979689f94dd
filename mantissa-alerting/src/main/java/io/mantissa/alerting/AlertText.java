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

  /**
   * Appends the plain-text details of an alert, one {@code Label: value} line each: severity,
   * status (when {@code withStatus}), rule, time, alert id, ATT&amp;CK tags if any, then the
   * entities as a list if any.
   */
  static StringBuilder appendDetails(StringBuilder sb, Alert a, boolean withStatus) {
    sb.append("Severity: ").append(severity(a)).append('\n');
    if (withStatus) {
      sb.append("Status: ").append(status(a)).append('\n');
    }
    sb.append("Rule: ").append(a.ruleId()).append('\n');
    sb.append("Time: ").append(a.time()).append('\n');
    sb.append("Alert id: ").append(a.id()).append('\n');
    if (!a.attackTags().isEmpty()) {
      sb.append("ATT&CK: ").append(String.join(", ", a.attackTags())).append('\n');
    }
    if (!a.entities().isEmpty()) {
      sb.append("\nEntities:\n");
      for (Entity e : a.entities()) {
        sb.append("- ").append(entity(e)).append('\n');
      }
    }
    return sb;
  }

  /**
   * {@code mantissa-<alert id>}: how a destination's record of an alert (PagerDuty dedup key, Jira
   * label, ServiceNow correlation id) refers to it.
   */
  static String reference(Alert a) {
    return "mantissa-" + a.id();
  }

  /** The note a ticket gets when its alert's status changes. */
  static String statusNote(Alert a) {
    return "Mantissa: alert " + a.id() + " is now " + status(a) + ".";
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
