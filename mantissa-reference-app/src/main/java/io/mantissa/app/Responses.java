package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.soar.ResponseActionProviders;
import io.mantissa.soar.ResponseRule;
import io.mantissa.soar.ResponseTrigger;
import io.mantissa.spi.state.StateStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Automatic response in the reference app: the {@code mantissa.providers.responses.*} settings as a
 * {@link ResponseTrigger} on the installation's state store. Each {@code
 * rules.<name>.{rules,min-severity,actions,targets}} entry runs its actions (such as {@code
 * okta.suspend_user}, configured under {@code mantissa.providers.okta.*}) once per user of every
 * new alert of those rules at or above that severity; {@code max-attempts} bounds retries. {@code
 * rules.<name>.approval: required} makes each request wait for a human ({@code POST
 * /api/v1/responses/{id}/approve}, {@code mantissa responses approve}), {@code
 * rules.<name>.approvers} names who may decide, {@code rules.<name>.approval-timeout} (default 24h)
 * when an undecided request expires.
 */
final class Responses {
  /** The settings group: {@code mantissa.providers.responses.*}. */
  static final String KIND = "responses";

  private static final String RULES = "rules.";
  private static final String MAX_ATTEMPTS = "max-attempts";
  private static final String APPROVAL = "approval";
  private static final String APPROVERS = "approvers";
  private static final String APPROVAL_TIMEOUT = "approval-timeout";
  private static final Set<String> RULE_KEYS =
      Set.of("rules", "min-severity", "actions", "targets", APPROVAL, APPROVERS, APPROVAL_TIMEOUT);

  private Responses() {}

  /**
   * The trigger of the configuration, or empty when no response rule is configured.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} for a bad rule or an action
   *     without its vendor's settings
   */
  static Optional<ResponseTrigger> create(MantissaConfig config, Clock clock, StateStore store) {
    Map<String, String> settings = config.providerSettings(KIND);
    for (String key : settings.keySet()) {
      if (!key.startsWith(RULES) && !key.equals(MAX_ATTEMPTS)) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "unknown setting mantissa.providers."
                + KIND
                + "."
                + key
                + "; the forms are mantissa.providers.responses.rules.<name>.<"
                + String.join("|", new TreeSet<>(RULE_KEYS))
                + "> and mantissa.providers.responses.max-attempts");
      }
    }
    Map<String, Map<String, String>> entries = Alerting.entries(KIND, settings, RULES, RULE_KEYS);
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    ResponseTrigger.Builder trigger = ResponseTrigger.builder().stateStore(store).clock(clock);
    Set<String> actions = new TreeSet<>();
    entries.forEach(
        (name, entry) -> {
          ResponseRule.Builder rule = ResponseRule.builder(name);
          for (String id : Alerting.list(entry.get("rules"))) {
            rule.ruleId(id);
          }
          String min = entry.get("min-severity");
          if (min != null && !min.isBlank()) {
            rule.minSeverity(Alerting.severity(KIND, RULES + name + ".min-severity", min));
          }
          for (String action : Alerting.list(entry.get("actions"))) {
            rule.action(action);
            actions.add(action);
          }
          String targets = entry.get("targets");
          if (targets != null && !targets.isBlank()) {
            rule.targetPattern(targets.trim());
          }
          approval(name, entry, rule);
          trigger.rule(rule.build());
        });
    for (String action : actions) {
      trigger.action(ResponseActionProviders.create(action, config, clock));
    }
    String attempts = settings.get(MAX_ATTEMPTS);
    if (attempts != null && !attempts.isBlank()) {
      try {
        trigger.maxAttempts(Integer.parseInt(attempts.trim()));
      } catch (NumberFormatException e) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            "mantissa.providers.responses.max-attempts must be a whole number, was '"
                + attempts
                + "'");
      }
    }
    return Optional.of(trigger.build());
  }

  /** Reads {@code approval}, {@code approvers} and {@code approval-timeout} of one rule. */
  private static void approval(String name, Map<String, String> entry, ResponseRule.Builder rule) {
    String at = "mantissa.providers." + KIND + "." + RULES + name + ".";
    String approval = entry.get(APPROVAL);
    boolean required = false;
    if (approval != null && !approval.isBlank()) {
      switch (approval.trim().toLowerCase(Locale.ROOT)) {
        case "required" -> required = true;
        case "none" -> required = false;
        default ->
            throw new MantissaException(
                ErrorCode.CONFIG_INVALID,
                at + APPROVAL + " must be 'required' or 'none', was '" + approval + "'");
      }
    }
    String approvers = entry.get(APPROVERS);
    String timeout = entry.get(APPROVAL_TIMEOUT);
    for (String key : new String[] {APPROVERS, APPROVAL_TIMEOUT}) {
      String value = key.equals(APPROVERS) ? approvers : timeout;
      if (!required && value != null && !value.isBlank()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            at + key + " is set but " + at + APPROVAL + " is not 'required'");
      }
    }
    if (!required) {
      return;
    }
    rule.requireApproval();
    if (approvers != null) {
      for (String approver : Alerting.list(approvers)) {
        rule.approver(approver);
      }
    }
    if (timeout != null && !timeout.isBlank()) {
      rule.approvalTimeout(
          Alerting.duration(KIND, RULES + name + "." + APPROVAL_TIMEOUT, timeout.trim()));
    }
  }
}
