package io.mantissa.soar;

import io.mantissa.api.Alert;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When to respond, and how: alerts of the listed rules (or detectors) at or above a severity get
 * the listed actions run against each of their user entities.
 *
 * @param name the rule's name, recorded in the audit log
 * @param ruleIds alert rule ids to match: exact ids, or prefixes ending in {@code *} (such as
 *     {@code itdr.*}); at least one
 * @param minSeverity the lowest alert severity acted on
 * @param actions the action names to run, in order (such as {@code okta.clear_sessions}); at least
 *     one
 * @param parameters action parameters passed with every request (such as {@code oauth_tokens})
 * @param targetPattern a regular expression a user entity must match in full (case-insensitive) to
 *     be acted on, such as {@code .*@example\.com}; {@code .*} for every user
 */
public record ResponseRule(
    String name,
    List<String> ruleIds,
    Severity minSeverity,
    List<String> actions,
    Map<String, String> parameters,
    String targetPattern) {

  /** Validates and copies. */
  public ResponseRule {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw invalid("a response rule needs a name");
    }
    ruleIds = List.copyOf(ruleIds);
    if (ruleIds.isEmpty() || ruleIds.stream().anyMatch(String::isBlank)) {
      throw invalid("response rule '" + name + "' needs at least one non-blank rule id");
    }
    Objects.requireNonNull(minSeverity, "minSeverity");
    actions = List.copyOf(actions);
    if (actions.isEmpty() || actions.stream().anyMatch(String::isBlank)) {
      throw invalid("response rule '" + name + "' needs at least one action");
    }
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(targetPattern, "targetPattern");
    try {
      Pattern.compile(targetPattern);
    } catch (PatternSyntaxException e) {
      throw invalid("response rule '" + name + "' has a bad target pattern: " + e.getDescription());
    }
  }

  private static MantissaException invalid(String message) {
    return new MantissaException(ErrorCode.CONFIG_INVALID, message);
  }

  /** A builder for the rule called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Whether this rule acts on {@code alert} (rule id and severity). */
  public boolean matches(Alert alert) {
    if (alert.severity().compareTo(minSeverity) < 0) {
      return false;
    }
    for (String id : ruleIds) {
      boolean hit =
          id.endsWith("*")
              ? alert.ruleId().startsWith(id.substring(0, id.length() - 1))
              : alert.ruleId().equals(id);
      if (hit) {
        return true;
      }
    }
    return false;
  }

  /** Whether a user entity with this value may be acted on. */
  public boolean targets(String user) {
    return Pattern.compile(targetPattern, Pattern.CASE_INSENSITIVE).matcher(user).matches();
  }

  /** Builds {@link ResponseRule}s. */
  public static final class Builder {
    private final String name;
    private final List<String> ruleIds = new ArrayList<>();
    private Severity minSeverity = Severity.HIGH;
    private final List<String> actions = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private String targetPattern = ".*";

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Adds a rule id to match (exact, or a prefix ending in {@code *}). */
    public Builder ruleId(String ruleId) {
      ruleIds.add(Objects.requireNonNull(ruleId, "ruleId"));
      return this;
    }

    /** The lowest severity acted on (default HIGH). */
    public Builder minSeverity(Severity severity) {
      this.minSeverity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /** Adds an action to run. */
    public Builder action(String action) {
      actions.add(Objects.requireNonNull(action, "action"));
      return this;
    }

    /** Adds a parameter passed with every request. */
    public Builder parameter(String key, String value) {
      parameters.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Only users matching this regular expression (in full, ignoring case) are acted on. */
    public Builder targetPattern(String regex) {
      this.targetPattern = Objects.requireNonNull(regex, "regex");
      return this;
    }

    /** Builds the rule. */
    public ResponseRule build() {
      return new ResponseRule(name, ruleIds, minSeverity, actions, parameters, targetPattern);
    }
  }
}
