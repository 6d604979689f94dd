package io.mantissa.app;

import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.AlertRecord;
import io.mantissa.alerting.AuditRecord;
import io.mantissa.alerting.Suppression;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the HTTP API and the CLI share about alerts: filtering, the JSON shape, and the status
 * changes an analyst may make.
 *
 * <p>Allowed changes: open → acknowledged, resolved or false positive; acknowledged → resolved or
 * false positive; resolved → false positive. Setting the current status again changes nothing.
 * Nothing reopens an alert (the pipeline creates a new one on the next detection).
 */
final class AlertViews {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final Duration MAX_EXCEPTION = Duration.ofDays(365);

  private AlertViews() {}

  /** The filters of an alert list; empty sets and a null rule match everything. */
  record Filter(Set<AlertStatus> statuses, Set<Severity> severities, String rule, int limit) {
    Filter {
      statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
      severities = severities.isEmpty() ? Set.of() : Set.copyOf(severities);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
      }
    }

    boolean matches(AlertRecord r) {
      return (statuses.isEmpty() || statuses.contains(r.status()))
          && (severities.isEmpty() || severities.contains(r.alert().severity()))
          && (rule == null || rule.equals(r.alert().ruleId()));
    }

    /** Parses comma-separated statuses and severities, as given on the command line or URL. */
    static Filter parse(String statuses, String severities, String rule, Integer limit) {
      Set<AlertStatus> st = EnumSet.noneOf(AlertStatus.class);
      for (String s : split(statuses)) {
        st.add(status(s));
      }
      Set<Severity> sev = EnumSet.noneOf(Severity.class);
      for (String s : split(severities)) {
        sev.add(Severity.fromName(s));
      }
      return new Filter(
          st,
          sev,
          rule == null || rule.isBlank() ? null : rule.trim(),
          limit == null ? DEFAULT_LIMIT : limit);
    }

    private static List<String> split(String csv) {
      if (csv == null || csv.isBlank()) {
        return List.of();
      }
      return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }

  /** The alerts that match, newest first. */
  static List<AlertRecord> list(AlertPipeline pipeline, Filter filter) {
    List<AlertRecord> out = new ArrayList<>();
    for (AlertRecord r : pipeline.list(Integer.MAX_VALUE)) {
      if (filter.matches(r)) {
        out.add(r);
        if (out.size() == filter.limit()) {
          break;
        }
      }
    }
    return out;
  }

  /** A status by its API name ({@code open}, {@code acknowledged}, {@code false_positive}, ...). */
  static AlertStatus status(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (AlertStatus s : AlertStatus.values()) {
      if (s.name().equals(n)) {
        return s;
      }
    }
    throw new MantissaException(
        ErrorCode.INVALID_ARGUMENT,
        "unknown alert status '"
            + name
            + "'; expected one of open, acknowledged, resolved, false_positive");
  }

  static String name(AlertStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** Whether an analyst may move an alert from {@code from} to {@code to}. */
  static boolean allowed(AlertStatus from, AlertStatus to) {
    if (from == to) {
      return true;
    }
    return switch (from) {
      case OPEN -> to != AlertStatus.OPEN;
      case ACKNOWLEDGED -> to == AlertStatus.RESOLVED || to == AlertStatus.FALSE_POSITIVE;
      case RESOLVED -> to == AlertStatus.FALSE_POSITIVE;
      case FALSE_POSITIVE -> false;
    };
  }

  /**
   * Changes an alert's status with an audit record; a false positive with {@code exceptionFor} also
   * adds the scoped exception (this rule and the alert's dedup entities, for that long).
   *
   * @return the changed alert, or empty when no alert has this id
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} for a bad request, {@link
   *     ErrorCode#CONFLICT} for a change the current status does not allow
   */
  static Optional<AlertRecord> changeStatus(
      AlertPipeline pipeline,
      String id,
      String status,
      String by,
      String reason,
      String exceptionFor) {
    if (status == null || status.isBlank()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "'status' is required: acknowledged, resolved or false_positive");
    }
    AlertStatus target = status(status);
    if (target == AlertStatus.OPEN) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "an alert cannot be reopened; 'status' must be acknowledged, resolved or false_positive");
    }
    if (by == null || by.isBlank()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "'by' is required: who makes the change (for the audit)");
    }
    Duration exception = null;
    if (exceptionFor != null && !exceptionFor.isBlank()) {
      if (target != AlertStatus.FALSE_POSITIVE) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT, "'exceptionFor' only goes with status false_positive");
      }
      exception = exceptionDuration(exceptionFor);
    }
    Optional<AlertRecord> current = pipeline.get(id);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    AlertStatus from = current.get().status();
    if (!allowed(from, target)) {
      throw new MantissaException(
          ErrorCode.CONFLICT,
          "alert " + id + " is " + name(from) + " and cannot become " + name(target));
    }
    String note = reason == null ? "" : reason.trim();
    String actor = by.trim();
    AlertRecord changed =
        exception == null
            ? pipeline.updateStatus(id, target, actor, note)
            : pipeline.markFalsePositive(id, actor, note, exception);
    return Optional.of(changed);
  }

  private static Duration exceptionDuration(String text) {
    Duration d;
    try {
      d = Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "'exceptionFor' must be an ISO-8601 duration such as P7D or PT12H, was '" + text + "'");
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_EXCEPTION) > 0) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "'exceptionFor' must be positive and at most P365D, was '" + text + "'");
    }
    return d;
  }

  /**
   * The newest scoped exception that {@code actor} added for this alert's rule and dedup entities
   * (what a false positive with {@code exceptionFor} just created), as JSON.
   */
  static Optional<Map<String, Object>> latestException(
      AlertPipeline pipeline, AlertRecord alert, String actor) {
    List<Entity> scope = alert.dedupEntities();
    return pipeline.suppressions(alert.alert().ruleId()).stream()
        .filter(s -> s.createdBy().equals(actor))
        .filter(s -> s.entities().size() == scope.size() && s.entities().containsAll(scope))
        .max(Comparator.comparing(Suppression::from))
        .map(
            s -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("id", s.id());
              m.put("ruleId", s.ruleId());
              m.put("from", s.from().toString());
              m.put("until", s.until().toString());
              m.put("entities", s.entities().stream().map(AlertViews::entity).toList());
              m.put("reason", s.reason());
              return m;
            });
  }

  private static String entity(Entity e) {
    return e.type().name().toLowerCase(Locale.ROOT) + ":" + e.value();
  }

  /** The JSON shape of an alert in the API. */
  static Map<String, Object> toJson(AlertRecord r) {
    Alert a = r.alert();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("ruleId", a.ruleId());
    m.put("title", a.title());
    m.put("severity", a.severity().lowerCaseName());
    m.put("status", name(a.status()));
    m.put("time", a.time().toString());
    m.put("lastSeen", r.lastSeen().toString());
    m.put("count", r.count());
    m.put("createdAt", r.createdAt().toString());
    m.put("updatedAt", r.updatedAt().toString());
    m.put("dedupKey", a.dedupKey());
    List<Map<String, String>> entities = new ArrayList<>();
    for (Entity e : a.entities()) {
      Map<String, String> entity = new LinkedHashMap<>();
      entity.put("type", e.type().name().toLowerCase(Locale.ROOT));
      entity.put("value", e.value());
      entities.add(entity);
    }
    m.put("entities", entities);
    m.put("eventIds", a.eventIds());
    m.put("attackTags", a.attackTags());
    m.put("enrichment", a.enrichment());
    return m;
  }

  /** An alert with its audit trail, oldest first. */
  static Map<String, Object> toJson(AlertRecord r, List<AuditRecord> audit) {
    Map<String, Object> m = toJson(r);
    List<Map<String, Object>> trail = new ArrayList<>();
    for (AuditRecord a : audit) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("time", a.time().toString());
      e.put("actor", a.actor());
      e.put("action", a.action());
      e.put("detail", a.detail());
      trail.add(e);
    }
    m.put("audit", trail);
    return m;
  }
}
