package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.soar.ApprovalOutcome;
import io.mantissa.soar.ResponseAttempt;
import io.mantissa.soar.ResponseRequest;
import io.mantissa.soar.ResponseRequest.State;
import io.mantissa.soar.ResponseTrigger;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The response requests and their audit log as the API and the CLI show them: JSON maps, state
 * names ({@code awaiting}, {@code scheduled}, {@code running}, {@code done}, {@code failed}, {@code
 * rejected}, {@code expired}) and the approval decisions.
 */
final class ResponseViews {
  /** The default number of requests or audit entries listed. */
  static final int DEFAULT_LIMIT = 100;

  /** The most requests or audit entries listed at once. */
  static final int MAX_LIMIT = 1_000;

  private static final Map<State, String> NAMES =
      Map.of(
          State.AWAITING_APPROVAL, "awaiting",
          State.PENDING, "scheduled",
          State.RUNNING, "running",
          State.DONE, "done",
          State.FAILED, "failed",
          State.REJECTED, "rejected",
          State.EXPIRED, "expired");

  private ResponseViews() {}

  /** The name of a state in the API. */
  static String name(State state) {
    return NAMES.get(state);
  }

  /**
   * Comma-separated state names; all states for {@code null} or blank.
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} naming the known states
   */
  static Set<State> states(String text) {
    Set<State> out = EnumSet.noneOf(State.class);
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String item : text.split(",")) {
      String wanted = item.trim().toLowerCase(Locale.ROOT);
      if (wanted.isEmpty()) {
        continue;
      }
      State found = null;
      for (Map.Entry<State, String> e : NAMES.entrySet()) {
        if (e.getValue().equals(wanted)) {
          found = e.getKey();
        }
      }
      if (found == null) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "unknown response state '"
                + item.trim()
                + "'; states: awaiting, scheduled, running, done, failed, rejected, expired");
      }
      out.add(found);
    }
    return out;
  }

  /**
   * The limit asked for, {@link #DEFAULT_LIMIT} when absent.
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} unless 1 to {@link
   *     #MAX_LIMIT}
   */
  static int limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "'limit' must be a whole number, was '" + text + "'");
    }
    return limit(limit);
  }

  static int limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "'limit' must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    return limit;
  }

  /** Requests in {@code states} (all when empty), newest first. */
  static List<ResponseRequest> list(ResponseTrigger trigger, Set<State> states, int limit) {
    if (states.equals(EnumSet.of(State.AWAITING_APPROVAL))) {
      return trigger.awaitingApproval(limit); // its own index: exact however many are done
    }
    return trigger.requests(states, limit);
  }

  /** One request. */
  static Map<String, Object> toJson(ResponseRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("state", name(r.state()));
    m.put("action", r.action());
    m.put("target", target(r.target().type().name(), r.target().value()));
    m.put("rule", r.rule());
    m.put("alertId", r.alertId());
    m.put("requestedBy", r.actor());
    m.put("reason", r.reason());
    m.put("attempts", r.attempts());
    m.put("createdAt", r.createdAt().toString());
    m.put("updatedAt", r.updatedAt().toString());
    if (r.state() == State.PENDING) {
      m.put("nextAttemptAt", r.nextAttemptAt().toString());
    }
    m.put("lastDetail", r.lastDetail());
    m.put("idempotencyKey", r.idempotencyKey());
    ResponseRequest.Approval a = r.approval();
    if (a.required()) {
      Map<String, Object> approval = new LinkedHashMap<>();
      approval.put("approvers", a.approvers());
      approval.put("deadline", a.deadline().toString());
      approval.put("decision", a.decision().name().toLowerCase(Locale.ROOT));
      if (a.decision() != ResponseRequest.Approval.Decision.NONE) {
        approval.put("decidedBy", a.decidedBy());
        approval.put("decidedAt", a.decidedAt().toString());
        approval.put("comment", a.comment());
      }
      m.put("approval", approval);
    } else {
      m.put("approval", null);
    }
    return m;
  }

  /** One audit entry: an attempt or a decision. */
  static Map<String, Object> toJson(ResponseAttempt a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", a.time().toString());
    m.put("requestId", a.requestId());
    m.put("outcome", a.outcome().name().toLowerCase(Locale.ROOT));
    m.put("decision", a.outcome().decision());
    m.put("actor", a.actor());
    m.put("action", a.action());
    m.put("target", target(a.target().type().name(), a.target().value()));
    m.put("rule", a.rule());
    m.put("alertId", a.alertId());
    m.put("attempt", a.attempt());
    m.put("detail", a.detail());
    return m;
  }

  private static Map<String, Object> target(String type, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type.toLowerCase(Locale.ROOT));
    m.put("value", value);
    return m;
  }

  /** The HTTP status of an approval outcome: 200, 403, 404 or 409. */
  static int status(ApprovalOutcome outcome) {
    if (outcome instanceof ApprovalOutcome.Decided) {
      return 200;
    } else if (outcome instanceof ApprovalOutcome.NotAnApprover) {
      return 403;
    } else if (outcome instanceof ApprovalOutcome.UnknownRequest) {
      return 404;
    }
    return 409; // already decided, expired
  }

  /** The error code of a refused decision. */
  static String code(ApprovalOutcome outcome) {
    if (outcome instanceof ApprovalOutcome.NotAnApprover) {
      return "FORBIDDEN";
    } else if (outcome instanceof ApprovalOutcome.UnknownRequest) {
      return "NOT_FOUND";
    } else if (outcome instanceof ApprovalOutcome.Expired) {
      return "EXPIRED";
    }
    return ErrorCode.CONFLICT.name();
  }

  static String seconds(Instant time) {
    return time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
