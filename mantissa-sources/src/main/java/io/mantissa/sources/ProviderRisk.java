package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The identity provider's own risk verdict on an event, written as OCSF {@code risk_level_id} (1
 * Low, 2 Medium, 3 High), {@code risk_level} and {@code risk_details} (the vendor's own words: its
 * verdict, reason or detector names). Only written when the provider flags the event; the native
 * fields stay as they are.
 */
final class ProviderRisk {
  static final int LOW = 1;
  static final int MEDIUM = 2;
  static final int HIGH = 3;

  private ProviderRisk() {}

  /** Puts the three risk fields when {@code level} is 1 to 4 and {@code details} is not blank. */
  static Ocsf.Builder put(Ocsf.Builder b, int level, String details) {
    if (level < LOW || level > 4 || details == null || details.isBlank()) {
      return b;
    }
    return b.put("risk_level_id", level)
        .put("risk_level", name(level))
        .put("risk_details", details);
  }

  static String name(int level) {
    return switch (level) {
      case 1 -> "Low";
      case 2 -> "Medium";
      case 3 -> "High";
      case 4 -> "Critical";
      default -> "Info";
    };
  }

  /** An Entra ID / Okta level word ({@code low}, {@code medium}, {@code high}) as a level id. */
  static int level(String word) {
    if (word == null) {
      return 0;
    }
    return switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "low" -> LOW;
      case "medium" -> MEDIUM;
      case "high" -> HIGH;
      case "critical" -> 4;
      default -> 0;
    };
  }

  /**
   * Duo: a push the user marked as fraud ({@code result: fraud}, {@code reason: user_marked_fraud})
   * is High; adaptive trust ({@code adaptive_trust_assessments.*}) that found attack patterns
   * ({@code detected_attack_detectors}) and risk-based factor selection's triggered detectors
   * ({@code rbfs_triggered_attacks}, those not {@code suppressed}, with their {@code
   * unrealistic_travel_velocity}) are Medium.
   */
  static Ocsf.Builder duo(Ocsf.Builder b, Map<String, Object> f) {
    String result = text(f, "result");
    String reason = text(f, "reason");
    if ("fraud".equalsIgnoreCase(result) || "user_marked_fraud".equalsIgnoreCase(reason)) {
      return put(b, HIGH, reason == null ? "fraud" : reason);
    }
    Set<String> detectors = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (Object a : Fields.map(f, "adaptive_trust_assessments").values()) {
      if (a instanceof Map<?, ?> m) {
        Map<String, Object> assessment = Envelope.Envelopes.object(m);
        detectors.addAll(Fields.strings(assessment, "detected_attack_detectors"));
      }
    }
    for (Object o : Fields.list(f, "rbfs_triggered_attacks")) {
      if (o instanceof Map<?, ?> m) {
        Map<String, Object> attack = Envelope.Envelopes.object(m);
        String detector = text(attack, "detector");
        if (detector == null || text(attack, "suppressed") != null) {
          continue;
        }
        detectors.add(detector);
        String velocity = text(attack, "unrealistic_travel_velocity");
        if (velocity != null) {
          notes.add("unrealistic_travel_velocity " + velocity);
        }
      }
    }
    if (detectors.isEmpty()) {
      return b;
    }
    String trust = text(f, "adaptive_trust_assessments.more_secure_auth.trust_level");
    return put(
        b,
        MEDIUM,
        "adaptive trust "
            + String.join(", ", detectors)
            + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")")
            + (trust == null ? "" : ", trust level " + trust));
  }

  /**
   * Google Workspace login application: the account warnings and Google's verdicts ({@code
   * account_disabled_hijacked} High; {@code suspicious_login*}, {@code password_leak}, {@code
   * account_disabled_password_leak}, {@code gov_attack_warning}, {@code risky_sensitive_action_*}
   * Medium) and a sign-in Google tagged {@code is_suspicious}.
   */
  static Ocsf.Builder google(Ocsf.Builder b, String name, String suspicious) {
    if (name == null) {
      return b;
    }
    int level =
        switch (name) {
          case "account_disabled_hijacked" -> HIGH;
          case "suspicious_login",
              "suspicious_login_less_secure_app",
              "suspicious_programmatic_login",
              "password_leak",
              "account_disabled_password_leak",
              "gov_attack_warning",
              "risky_sensitive_action_blocked",
              "risky_sensitive_action_allowed" ->
              MEDIUM;
          default -> 0;
        };
    if (level != 0) {
      return put(b, level, name);
    }
    if ("true".equalsIgnoreCase(suspicious)) {
      return put(b, MEDIUM, name + " is_suspicious");
    }
    return b;
  }

  /**
   * Okta: a user's report of suspicious activity and refresh-token reuse are High; ThreatInsight's
   * {@code security.threat.detected} takes the highest level of {@code
   * debugContext.debugData.threatDetections} (Medium when it names none).
   */
  static Ocsf.Builder okta(Ocsf.Builder b, String type, Map<String, Object> f) {
    if (type == null) {
      return b;
    }
    return switch (type) {
      case "user.account.report_suspicious_activity_by_enduser" -> {
        String reported =
            text(
                f,
                "debugContext.debugData.suspiciousActivityEventType",
                "debugcontext.debugData.suspiciousActivityEventType");
        yield put(b, HIGH, type + (reported == null ? "" : " (reported: " + reported + ")"));
      }
      case "app.oauth2.token.detect_reuse" -> put(b, HIGH, type);
      case "security.threat.detected" -> {
        String detections =
            text(
                f,
                "debugContext.debugData.threatDetections",
                "debugcontext.debugData.threatDetections");
        int level = 0;
        if (detections != null) {
          for (String word : List.of("critical", "high", "medium", "low")) {
            if (detections.toLowerCase(Locale.ROOT).contains("\"" + word + "\"")) {
              level = Math.max(level, level(word));
            }
          }
        }
        String reason = text(f, "outcome.reason");
        yield put(
            b,
            level == 0 ? MEDIUM : level,
            type
                + (reason == null ? "" : ": " + reason)
                + (detections == null ? "" : " " + detections));
      }
      default -> b;
    };
  }

  /**
   * Entra ID sign-ins: Identity Protection's {@code riskState} ({@code confirmedCompromised} High,
   * {@code atRisk} at least Low), the higher of {@code riskLevelDuringSignIn} and {@code
   * riskLevelAggregated}, the risk event types ({@code riskEventTypes_v2}, else {@code
   * riskEventTypes}) and {@code riskDetail}. A risk {@code dismissed} or {@code remediated} is
   * written with its state (the reader leaves it out).
   */
  static Ocsf.Builder entra(Ocsf.Builder b, Map<String, Object> f) {
    String state = text(f, "properties.riskState", "riskState");
    String during = text(f, "properties.riskLevelDuringSignIn", "riskLevelDuringSignIn");
    String aggregated = text(f, "properties.riskLevelAggregated", "riskLevelAggregated");
    int level = Math.max(level(during), level(aggregated));
    String s = state == null ? "" : state.trim();
    if (s.equalsIgnoreCase("confirmedCompromised")) {
      level = HIGH;
    } else if (s.equalsIgnoreCase("atRisk")) {
      level = Math.max(level, LOW);
    }
    if (level == 0) {
      return b;
    }
    List<String> types = Fields.strings(f, "properties.riskEventTypes_v2");
    if (types.isEmpty()) {
      types = Fields.strings(f, "riskEventTypes_v2");
    }
    if (types.isEmpty()) {
      types = Fields.strings(f, "properties.riskEventTypes");
    }
    if (types.isEmpty()) {
      types = Fields.strings(f, "riskEventTypes");
    }
    String detail = text(f, "properties.riskDetail", "riskDetail");
    StringBuilder d = new StringBuilder("riskState ").append(s.isEmpty() ? "none" : s);
    if (during != null) {
      d.append(", riskLevelDuringSignIn ").append(during);
    }
    if (aggregated != null) {
      d.append(", riskLevelAggregated ").append(aggregated);
    }
    if (!types.isEmpty()) {
      d.append(", riskEventTypes ").append(String.join(" ", types));
    }
    if (detail != null && !detail.equalsIgnoreCase("none")) {
      d.append(", riskDetail ").append(detail);
    }
    return put(b, level, d.toString());
  }

  /** Slack: an audit {@code anomaly} with its {@code details.reason} list, Medium. */
  static Ocsf.Builder slack(Ocsf.Builder b, String action, Map<String, Object> f) {
    if (!"anomaly".equals(action)) {
      return b;
    }
    List<String> reasons = Fields.strings(f, "details.reason");
    return put(b, MEDIUM, "anomaly" + (reasons.isEmpty() ? "" : ": " + String.join(", ", reasons)));
  }
}
