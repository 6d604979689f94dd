package io.mantissa.soar;

import io.mantissa.api.Alert;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import java.time.Duration;
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
 * @param approvalRequired whether a human must approve each request of this rule before it runs
 *     (see {@link ResponseTrigger#approve}); such a request waits as {@link
 *     ResponseRequest.State#AWAITING_APPROVAL}
 * @param approvers who may approve or reject (compared ignoring case); empty: anyone who gives a
 *     name. Only with {@code approvalRequired}
 * @param approvalTimeout how long a request waits for a decision before it expires (it then never
 *     runs); positive
 */
public record ResponseRule(
    String name,
    List<String> ruleIds,
    Severity minSeverity,
    List<String> actions,
    Map<String, String> parameters,
    String targetPattern,
    boolean approvalRequired,
    List<String> approvers,
    Duration approvalTimeout) {

  /** The default time a request waits for approval: 24 hours. */
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(24);

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
    approvers = List.copyOf(approvers);
    if (approvers.stream().anyMatch(String::isBlank)) {
      throw invalid("response rule '" + name + "' has a blank approver");
    }
    if (!approvers.isEmpty() && !approvalRequired) {
      throw invalid("response rule '" + name + "' names approvers but does not require approval");
    }
    Objects.requireNonNull(approvalTimeout, "approvalTimeout");
    if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
      throw invalid("response rule '" + name + "' needs a positive approval timeout");
    }
  }

  /** Whether {@code approver} may decide on this rule's requests (ignoring case and spaces). */
  public boolean mayApprove(String approver) {
    return mayApprove(approvers, approver);
  }

  static boolean mayApprove(List<String> approvers, String approver) {
    if (approvers.isEmpty()) {
      return true;
    }
    String who = approver.trim();
    return approvers.stream().anyMatch(a -> a.trim().equalsIgnoreCase(who));
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
    private boolean approvalRequired;
    private final List<String> approvers = new ArrayList<>();
    private Duration approvalTimeout = DEFAULT_APPROVAL_TIMEOUT;

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

    /** Each request of this rule waits for a human's approval before it runs. */
    public Builder requireApproval() {
      this.approvalRequired = true;
      return this;
    }

    /** Adds someone who may approve (with {@link #requireApproval()}); none: anyone may. */
    public Builder approver(String approver) {
      approvers.add(Objects.requireNonNull(approver, "approver").trim());
      return this;
    }

    /** How long a request waits for approval before it expires (default 24 hours). */
    public Builder approvalTimeout(Duration timeout) {
      this.approvalTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Builds the rule. */
    public ResponseRule build() {
      return new ResponseRule(
          name,
          ruleIds,
          minSeverity,
          actions,
          parameters,
          targetPattern,
          approvalRequired,
          approvers,
          approvalTimeout);
    }
  }
}
