package io.mantissa.soar;

import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.spi.response.ResponseAction;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs response actions for alerts: each new alert that a {@link ResponseRule} matches (rule id and
 * severity) becomes one request per action and user entity; requests are kept in the {@link
 * StateStore} under their idempotency key, so that the same request is never scheduled or carried
 * out twice (a second alert listener call, a replay, another instance); {@link #runDue()} carries
 * out the due ones, retries retryable failures with backoff (a Retry-After hint in the failure,
 * {@code "retry after N s"}, is honoured up to the maximum backoff), and writes every attempt to an
 * append-only audit log.
 *
 * <p>Scheduling is cheap and runs on the alert pipeline's thread (wire {@link #alertCreated} to the
 * alerting module's alert listener); the vendor calls run in {@link #runDue()} on the caller's
 * scheduler, like the outbox's deliveries. A request is claimed by compare-and-set with a lease
 * before it runs; when a process stops during an attempt, the lease runs out, the attempt is
 * audited as {@link ResponseAttempt.Outcome#UNKNOWN} and the request runs again (the vendor actions
 * are idempotent: suspending a suspended user succeeds).
 *
 * <p>State: {@code soar/request/<sha256(key)>} (the request, kept without expiry: it is the
 * idempotency record), {@code soar/pending/<sha256(key)>} (present while the request is not
 * finished; written before the request so that a crash in between loses nothing) and {@code
 * soar/audit/<epoch millis>/<key hash>/<attempt>} (the audit log, written once, never changed or
 * expired), plus two listing indexes whose keys sort newest first: {@code soar/by-time/<inverted
 * millis>/<sha256(key)>} (every request) and {@code soar/awaiting/<inverted millis>/<sha256(key)>}
 * (while a request awaits approval).
 *
 * <p><b>Approvals.</b> A rule that {@linkplain ResponseRule#approvalRequired() requires approval}
 * stores its requests as {@link ResponseRequest.State#AWAITING_APPROVAL}; {@link #runDue()} does
 * not run them. {@link #approve} makes one due at once, {@link #reject} ends it; both change the
 * request by compare-and-set, so of two approvers racing exactly one decides and the other is told
 * {@link ApprovalOutcome.AlreadyDecided}. A request not decided before its rule's approval timeout
 * (default 24 h) expires (by {@link #runDue()}, or by a late decision) and never runs. Every
 * decision (approved, rejected, expired: who, when, comment) is an audit entry with attempt 0,
 * written after the decision and, should the process stop in between, again by the next {@link
 * #runDue()} before the first attempt (so the log always shows the approval before the action).
 */
public final class ResponseTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseTrigger.class);
  static final String REQUEST = "soar/request/";
  static final String PENDING = "soar/pending/";
  static final String AUDIT = "soar/audit/";
  static final String BY_TIME = "soar/by-time/";
  static final String AWAITING = "soar/awaiting/";

  /** Who expired a request, in its decision and the audit log. */
  public static final String APPROVAL_TIMEOUT = "approval-timeout";

  /** The most requests or audit entries a listing returns, and index entries it reads. */
  public static final int MAX_LIST = 10_000;

  private static final long INVERT = 9_999_999_999_999L;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private final StateStore store;
  private final Clock clock;
  private final Map<String, ResponseAction> actions;
  private final List<ResponseRule> rules;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Duration lease;
  private final int scanLimit;

  private ResponseTrigger(Builder b) {
    this.store = Objects.requireNonNull(b.store, "stateStore");
    this.clock = b.clock;
    this.actions = Map.copyOf(b.actions);
    this.rules = List.copyOf(b.rules);
    this.maxAttempts = b.maxAttempts;
    this.firstBackoff = b.firstBackoff;
    this.maxBackoff = b.maxBackoff;
    this.lease = b.lease;
    this.scanLimit = b.scanLimit;
    for (ResponseRule r : rules) {
      for (String a : r.actions()) {
        if (!actions.containsKey(a)) {
          throw new MantissaException(
              ErrorCode.CONFIG_INVALID,
              "response rule '"
                  + r.name()
                  + "' names action '"
                  + a
                  + "', which is not configured; configured: "
                  + new TreeSet<>(actions.keySet()));
        }
      }
    }
  }

  /** A builder; the state store is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Schedules the responses the rules ask for a new alert: for every matching rule, every action of
   * the rule and every user entity of the alert the rule targets. Alerts that are already resolved
   * are ignored. The idempotency key is {@code alert:<alert id>:<action>:<user>}, so a second call
   * for the same alert schedules nothing.
   *
   * @return the idempotency keys of the requests scheduled now (not those seen before)
   */
  public List<String> alertCreated(Alert alert) {
    List<String> scheduled = new ArrayList<>();
    if (alert.status() != AlertStatus.OPEN && alert.status() != AlertStatus.ACKNOWLEDGED) {
      return scheduled;
    }
    for (ResponseRule rule : rules) {
      if (!rule.matches(alert)) {
        continue;
      }
      for (Entity e : alert.entities()) {
        if (e.type() != EntityType.USER || !rule.targets(e.value())) {
          continue;
        }
        for (String action : rule.actions()) {
          String key = "alert:" + alert.id() + ":" + action + ":" + e.value();
          ActionRequest request = new ActionRequest(action, e, rule.parameters(), key);
          ResponseRequest.Approval approval =
              rule.approvalRequired()
                  ? ResponseRequest.Approval.awaiting(
                      rule.approvers(), clock.instant().plus(rule.approvalTimeout()))
                  : ResponseRequest.Approval.NOT_REQUIRED;
          if (schedule(
              request, "rule:" + rule.name(), rule.name(), alert.id(), alert.title(), approval)) {
            scheduled.add(key);
          }
        }
      }
    }
    return scheduled;
  }

  /**
   * Schedules one request outside the rules (an analyst's click, an API call); it runs with the
   * next {@link #runDue()}.
   *
   * @param request the request; its idempotency key decides whether it is new
   * @param actor who asks, recorded in the audit log
   * @param reason why, recorded with the request
   * @return whether it was scheduled now ({@code false}: a request with that key exists)
   * @throws MantissaException {@code INVALID_ARGUMENT} when the action is not configured
   */
  public boolean request(ActionRequest request, String actor, String reason) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    if (!actions.containsKey(request.action())) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "no response action '" + request.action() + "' is configured");
    }
    return schedule(request, actor, "", "", reason, ResponseRequest.Approval.NOT_REQUIRED);
  }

  private boolean schedule(
      ActionRequest request,
      String actor,
      String rule,
      String alertId,
      String reason,
      ResponseRequest.Approval approval) {
    Instant now = clock.instant();
    ResponseRequest r =
        new ResponseRequest(
            request.idempotencyKey(),
            request.action(),
            request.target(),
            request.parameters(),
            actor,
            rule,
            alertId,
            reason,
            approval.required()
                ? ResponseRequest.State.AWAITING_APPROVAL
                : ResponseRequest.State.PENDING,
            0,
            now,
            Instant.EPOCH,
            "",
            now,
            now,
            approval);
    String hash = hash(request.idempotencyKey());
    if (store.get(REQUEST + hash).isPresent()) {
      LOG.debug("response {} for {} already requested", request.action(), request.target());
      return false;
    }
    String json = StoredJson.request(r);
    store.put(PENDING + hash, json); // first: a crash before the next write loses nothing
    store.put(BY_TIME + inverted(now) + "/" + hash, hash);
    if (approval.required()) {
      store.put(AWAITING + inverted(now) + "/" + hash, hash);
    }
    boolean created = store.putIfAbsent(REQUEST + hash, json).isPresent();
    if (created) {
      LOG.info(
          "response {} against {} requested by {}{}{}",
          request.action(),
          request.target(),
          actor,
          alertId.isEmpty() ? "" : " for alert " + alertId,
          approval.required() ? "; awaiting approval until " + approval.deadline() : "");
    }
    return created;
  }

  private static String inverted(Instant time) {
    return String.format(Locale.ROOT, "%013d", INVERT - time.toEpochMilli());
  }

  /**
   * Runs the requests that are due (pending and due, or running with an expired lease) and expires
   * those whose approval deadline has passed, at most the scan limit per call; call it from a
   * scheduler. Requests awaiting approval do not run.
   *
   * @return the attempts made and the expiries, as audited
   */
  public List<ResponseAttempt> runDue() {
    List<ResponseAttempt> made = new ArrayList<>();
    for (StateEntry marker : store.scan(PENDING, scanLimit)) {
      String hash = marker.key().substring(PENDING.length());
      Optional<StateEntry> entry = store.get(REQUEST + hash);
      if (entry.isEmpty()) {
        store.putIfAbsent(REQUEST + hash, marker.value()); // recover a crash while scheduling
        entry = store.get(REQUEST + hash);
        if (entry.isEmpty()) {
          continue;
        }
      }
      ResponseRequest r = StoredJson.request(entry.get().value());
      if (r.state().terminal()) {
        auditDecision(hash, r); // again, if the process stopped after the decision
        deleteAwaiting(hash, r);
        store.delete(PENDING + hash);
        continue;
      }
      Instant now = clock.instant();
      if (r.state() == ResponseRequest.State.AWAITING_APPROVAL) {
        if (!now.isBefore(r.approval().deadline())) {
          expire(hash, entry.get(), r, now).ifPresent(made::add);
        }
        continue;
      }
      if (r.attempts() == 0) {
        auditDecision(hash, r); // the approval precedes the first attempt in the log
      }
      boolean due =
          (r.state() == ResponseRequest.State.PENDING && !r.nextAttemptAt().isAfter(now))
              || (r.state() == ResponseRequest.State.RUNNING && !r.leaseUntil().isAfter(now));
      if (due) {
        attempt(hash, entry.get(), r, now).ifPresent(made::add);
      }
    }
    return made;
  }

  private Optional<ResponseAttempt> attempt(
      String hash, StateEntry entry, ResponseRequest r, Instant now) {
    ResponseRequest claim =
        r.with(
            ResponseRequest.State.RUNNING,
            r.attempts() + 1,
            r.nextAttemptAt(),
            now.plus(lease),
            r.lastDetail(),
            now);
    Optional<StateEntry> claimed =
        store.compareAndSet(REQUEST + hash, entry.version(), StoredJson.request(claim));
    if (claimed.isEmpty()) {
      return Optional.empty(); // another instance took it
    }
    if (r.state() == ResponseRequest.State.RUNNING) {
      audit(
          hash,
          new ResponseAttempt(
              now,
              r.actor(),
              r.rule(),
              r.alertId(),
              r.action(),
              r.target(),
              r.idempotencyKey(),
              r.attempts(),
              ResponseAttempt.Outcome.UNKNOWN,
              "the attempt did not finish within its lease of "
                  + lease.toSeconds()
                  + " s (the process stopped?); the vendor may or may not have acted; running"
                  + " again"));
    }
    ResponseAction action = actions.get(r.action());
    ActionResult result =
        action == null
            ? new ActionResult.PermanentFailure(
                "no response action '" + r.action() + "' is configured")
            : execute(
                action,
                new ActionRequest(r.action(), r.target(), r.parameters(), r.idempotencyKey()));
    Instant end = clock.instant();
    ResponseAttempt.Outcome outcome;
    String detail;
    ResponseRequest next;
    if (result instanceof ActionResult.Done d) {
      outcome = ResponseAttempt.Outcome.DONE;
      detail = d.detail();
      next =
          claim.with(ResponseRequest.State.DONE, claim.attempts(), end, Instant.EPOCH, detail, end);
    } else if (result instanceof ActionResult.PermanentFailure p) {
      outcome = ResponseAttempt.Outcome.PERMANENT_FAILURE;
      detail = p.reason();
      next =
          claim.with(
              ResponseRequest.State.FAILED, claim.attempts(), end, Instant.EPOCH, detail, end);
    } else {
      ActionResult.RetryableFailure f = (ActionResult.RetryableFailure) result;
      outcome = ResponseAttempt.Outcome.RETRYABLE_FAILURE;
      if (claim.attempts() >= maxAttempts) {
        detail = f.reason() + " (gave up after " + claim.attempts() + " attempts)";
        next =
            claim.with(
                ResponseRequest.State.FAILED, claim.attempts(), end, Instant.EPOCH, detail, end);
      } else {
        Duration wait = backoff(claim.attempts(), f.reason());
        detail =
            f.reason()
                + " (attempt "
                + claim.attempts()
                + " of "
                + maxAttempts
                + "; next in "
                + wait.toSeconds()
                + " s)";
        next =
            claim.with(
                ResponseRequest.State.PENDING,
                claim.attempts(),
                end.plus(wait),
                Instant.EPOCH,
                detail,
                end);
      }
    }
    ResponseAttempt attempt =
        new ResponseAttempt(
            end,
            r.actor(),
            r.rule(),
            r.alertId(),
            r.action(),
            r.target(),
            r.idempotencyKey(),
            claim.attempts(),
            outcome,
            detail);
    audit(hash, attempt);
    if (outcome == ResponseAttempt.Outcome.DONE) {
      LOG.info("response {} against {}: {}", r.action(), r.target(), detail);
    } else {
      LOG.warn(
          "response {} against {} failed ({}): {}",
          r.action(),
          r.target(),
          outcome.name().toLowerCase(Locale.ROOT),
          detail);
    }
    if (store
        .compareAndSet(REQUEST + hash, claimed.get().version(), StoredJson.request(next))
        .isEmpty()) {
      LOG.warn(
          "response {} against {}: the request changed while it ran (lease of {} s too short?)",
          r.action(),
          r.target(),
          lease.toSeconds());
    } else if (next.state().terminal()) {
      store.delete(PENDING + hash);
    }
    return Optional.of(attempt);
  }

  private static ActionResult execute(ResponseAction action, ActionRequest request) {
    try {
      return Objects.requireNonNull(action.execute(request), "result");
    } catch (RuntimeException e) {
      LOG.error("response action {} threw", action.name(), e);
      return new ActionResult.PermanentFailure(
          action.name() + " failed unexpectedly (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Exponential backoff from the first delay, at least the hinted wait, at most the maximum. */
  Duration backoff(int attempts, String reason) {
    Duration wait = firstBackoff;
    for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    Optional<Duration> hinted = ActionHttp.hinted(reason);
    if (hinted.isPresent() && hinted.get().compareTo(wait) > 0) {
      wait = hinted.get();
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private void audit(String hash, ResponseAttempt a) {
    String key =
        AUDIT
            + String.format(Locale.ROOT, "%013d", a.time().toEpochMilli())
            + "/"
            + hash.substring(0, 16)
            + "/"
            + String.format(Locale.ROOT, "%04d", a.attempt())
            + (a.outcome() == ResponseAttempt.Outcome.UNKNOWN ? "u" : "")
            + (a.outcome().decision() ? "d" : "");
    if (store.putIfAbsent(key, StoredJson.attempt(a)).isEmpty() && !a.outcome().decision()) {
      LOG.warn("audit entry {} already exists; not overwritten", key);
    }
  }

  /**
   * Writes the request's decision to the audit log, if it has one; idempotent (one decision per
   * request, under a key made of its time and the request), so it may be repeated after a crash.
   */
  private void auditDecision(String hash, ResponseRequest r) {
    ResponseRequest.Approval a = r.approval();
    ResponseAttempt.Outcome outcome =
        switch (a.decision()) {
          case NONE -> null;
          case APPROVED -> ResponseAttempt.Outcome.APPROVED;
          case REJECTED -> ResponseAttempt.Outcome.REJECTED;
          case EXPIRED -> ResponseAttempt.Outcome.EXPIRED;
        };
    if (outcome != null) {
      audit(hash, decisionEntry(r, outcome));
    }
  }

  private static ResponseAttempt decisionEntry(ResponseRequest r, ResponseAttempt.Outcome outcome) {
    ResponseRequest.Approval a = r.approval();
    return new ResponseAttempt(
        a.decidedAt(),
        a.decidedBy(),
        r.rule(),
        r.alertId(),
        r.action(),
        r.target(),
        r.idempotencyKey(),
        0,
        outcome,
        a.comment());
  }

  private void deleteAwaiting(String hash, ResponseRequest r) {
    if (r.approval().required()) {
      store.delete(AWAITING + inverted(r.createdAt()) + "/" + hash);
    }
  }

  /** Expires an undecided request past its deadline, unless it changed meanwhile. */
  private Optional<ResponseAttempt> expire(
      String hash, StateEntry entry, ResponseRequest r, Instant now) {
    String why = "no decision before the approval deadline " + r.approval().deadline();
    ResponseRequest next =
        r.decided(
            ResponseRequest.State.EXPIRED,
            r.approval()
                .decided(ResponseRequest.Approval.Decision.EXPIRED, APPROVAL_TIMEOUT, now, why),
            r.nextAttemptAt(),
            why,
            now);
    if (store.compareAndSet(REQUEST + hash, entry.version(), StoredJson.request(next)).isEmpty()) {
      return Optional.empty();
    }
    ResponseAttempt audited = decisionEntry(next, ResponseAttempt.Outcome.EXPIRED);
    audit(hash, audited);
    deleteAwaiting(hash, next);
    store.delete(PENDING + hash);
    LOG.warn("response {} against {} expired: {}", r.action(), r.target(), why);
    return Optional.of(audited);
  }

  /**
   * Approves a request awaiting approval: it runs with the next {@link #runDue()}. The decision is
   * taken by compare-and-set: of two concurrent decisions exactly one wins.
   *
   * @param requestId the request's {@linkplain ResponseRequest#id() id}
   * @param approver who approves (required, not blank; one of the rule's approvers if it names
   *     any), recorded in the request and the audit log
   * @param comment why, recorded with the decision (may be empty)
   * @return {@link ApprovalOutcome.Decided} when this call approved it, else why not
   * @throws MantissaException {@code INVALID_ARGUMENT} when the approver is missing or blank
   */
  public ApprovalOutcome approve(String requestId, String approver, String comment) {
    return decide(requestId, approver, comment, true);
  }

  /**
   * Rejects a request awaiting approval: it never runs. Like {@link #approve}.
   *
   * @param requestId the request's {@linkplain ResponseRequest#id() id}
   * @param approver who rejects (required, not blank; one of the rule's approvers if it names any)
   * @param comment why (may be empty)
   * @return {@link ApprovalOutcome.Decided} when this call rejected it, else why not
   * @throws MantissaException {@code INVALID_ARGUMENT} when the approver is missing or blank
   */
  public ApprovalOutcome reject(String requestId, String approver, String comment) {
    return decide(requestId, approver, comment, false);
  }

  private ApprovalOutcome decide(String id, String approver, String comment, boolean approve) {
    Objects.requireNonNull(id, "requestId");
    if (approver == null || approver.isBlank()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "an approver is required to " + (approve ? "approve" : "reject") + " a response");
    }
    String who = approver.trim();
    String note = comment == null ? "" : comment.trim();
    if (!ID.matcher(id).matches()) {
      return new ApprovalOutcome.UnknownRequest(id);
    }
    for (int round = 0; round < 10; round++) {
      Optional<StateEntry> entry = store.get(REQUEST + id);
      if (entry.isEmpty()) {
        Optional<StateEntry> marker = store.get(PENDING + id);
        if (marker.isEmpty()) {
          return new ApprovalOutcome.UnknownRequest(id);
        }
        store.putIfAbsent(REQUEST + id, marker.get().value()); // recover a crash while scheduling
        continue;
      }
      ResponseRequest r = StoredJson.request(entry.get().value());
      if (r.state() == ResponseRequest.State.EXPIRED) {
        return new ApprovalOutcome.Expired(r);
      }
      if (r.state() != ResponseRequest.State.AWAITING_APPROVAL) {
        return new ApprovalOutcome.AlreadyDecided(r);
      }
      if (!ResponseRule.mayApprove(r.approval().approvers(), who)) {
        LOG.warn(
            "{} may not decide on response {} against {} (rule {})",
            who,
            r.action(),
            r.target(),
            r.rule());
        return new ApprovalOutcome.NotAnApprover(r, who);
      }
      Instant now = clock.instant();
      if (!now.isBefore(r.approval().deadline())) {
        expire(id, entry.get(), r, now);
        continue; // expired now, or changed meanwhile: look again
      }
      ResponseRequest.Approval decided =
          r.approval()
              .decided(
                  approve
                      ? ResponseRequest.Approval.Decision.APPROVED
                      : ResponseRequest.Approval.Decision.REJECTED,
                  who,
                  now,
                  note);
      ResponseRequest next =
          approve
              ? r.decided(ResponseRequest.State.PENDING, decided, now, "approved by " + who, now)
              : r.decided(
                  ResponseRequest.State.REJECTED,
                  decided,
                  r.nextAttemptAt(),
                  "rejected by " + who,
                  now);
      if (store
          .compareAndSet(REQUEST + id, entry.get().version(), StoredJson.request(next))
          .isEmpty()) {
        continue; // someone else decided first: look again
      }
      auditDecision(id, next);
      deleteAwaiting(id, next);
      if (!approve) {
        store.delete(PENDING + id);
      }
      LOG.info(
          "response {} against {} {} by {}{}",
          r.action(),
          r.target(),
          approve ? "approved" : "rejected",
          who,
          note.isEmpty() ? "" : ": " + note);
      return new ApprovalOutcome.Decided(next);
    }
    throw new MantissaException(
        ErrorCode.CONFLICT, "response request " + id + " keeps changing; try again");
  }

  /** The request with this {@linkplain ResponseRequest#id() id}. */
  public Optional<ResponseRequest> get(String requestId) {
    if (!ID.matcher(requestId).matches()) {
      return Optional.empty();
    }
    return store.get(REQUEST + requestId).map(e -> StoredJson.request(e.value()));
  }

  /**
   * The requests awaiting approval whose deadline has not passed, newest first, at most {@code
   * limit} (those past their deadline are left out; the next {@link #runDue()} expires them).
   *
   * @throws MantissaException {@code INVALID_ARGUMENT} unless 1 <= limit <= {@value #MAX_LIST}
   */
  public List<ResponseRequest> awaitingApproval(int limit) {
    checkLimit(limit);
    Instant now = clock.instant();
    List<ResponseRequest> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StateEntry e : store.scan(AWAITING, MAX_LIST)) {
      String hash = e.value();
      if (!seen.add(hash)) {
        continue;
      }
      Optional<ResponseRequest> r = get(hash);
      if (r.isEmpty()) {
        continue; // being scheduled
      }
      if (r.get().state() != ResponseRequest.State.AWAITING_APPROVAL) {
        store.delete(e.key()); // decided; the process stopped before removing it
        continue;
      }
      if (now.isBefore(r.get().approval().deadline())) {
        out.add(r.get());
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Requests in the given states (every state when empty), newest first, at most {@code limit};
   * reads at most the {@value #MAX_LIST} newest requests.
   *
   * @throws MantissaException {@code INVALID_ARGUMENT} unless 1 <= limit <= {@value #MAX_LIST}
   */
  public List<ResponseRequest> requests(Set<ResponseRequest.State> states, int limit) {
    checkLimit(limit);
    List<ResponseRequest> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StateEntry e :
        store.scan(BY_TIME, states.isEmpty() ? Math.min(limit * 2, MAX_LIST) : MAX_LIST)) {
      String hash = e.value();
      if (!seen.add(hash)) {
        continue; // a second index entry of two instances scheduling the same request at once
      }
      Optional<ResponseRequest> r = get(hash);
      if (r.isPresent() && (states.isEmpty() || states.contains(r.get().state()))) {
        out.add(r.get());
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * The newest {@code limit} entries of the audit log (attempts and decisions), newest first. Reads
   * a bounded number of entries however long the log is.
   *
   * @throws MantissaException {@code INVALID_ARGUMENT} unless 1 <= limit <= {@value #MAX_LIST}
   */
  public List<ResponseAttempt> recentAuditLog(int limit) {
    checkLimit(limit);
    List<StateEntry> out = new ArrayList<>();
    newest(AUDIT, 0, limit, out);
    return out.stream().map(e -> StoredJson.attempt(e.value())).toList();
  }

  /**
   * Adds the newest entries under {@code prefix} (followed by {@code 13 - digits} more digits of
   * the time), newest first, until {@code out} holds {@code limit}: a prefix with few entries is
   * read whole, else its ten sub-prefixes from 9 down to 0, so at most 10 scans of at most {@code
   * limit + 1} entries per digit.
   */
  private void newest(String prefix, int digits, int limit, List<StateEntry> out) {
    int need = limit - out.size();
    if (need <= 0) {
      return;
    }
    List<StateEntry> some = store.scan(prefix, digits == 13 ? Integer.MAX_VALUE : need + 1);
    if (digits == 13 || some.size() <= need) {
      for (int i = some.size() - 1; i >= 0 && out.size() < limit; i--) {
        out.add(some.get(i));
      }
      return;
    }
    for (char d = '9'; d >= '0' && out.size() < limit; d--) {
      newest(prefix + d, digits + 1, limit, out);
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIST) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "the limit must be between 1 and " + MAX_LIST + ", was " + limit);
    }
  }

  /** The request with this idempotency key. */
  public Optional<ResponseRequest> find(String idempotencyKey) {
    return store.get(REQUEST + hash(idempotencyKey)).map(e -> StoredJson.request(e.value()));
  }

  /** The oldest {@code limit} entries of the audit log, oldest first. */
  public List<ResponseAttempt> auditLog(int limit) {
    return store.scan(AUDIT, limit).stream().map(e -> StoredJson.attempt(e.value())).toList();
  }

  /** The audit entries from {@code from} on (inclusive), oldest first, at most {@code limit}. */
  public List<ResponseAttempt> auditLog(Instant from, int limit) {
    List<ResponseAttempt> out = new ArrayList<>();
    String start = AUDIT + String.format(Locale.ROOT, "%013d", from.toEpochMilli());
    // StateStore scans by prefix only: narrow by the shared leading digits, then filter.
    int common = 0;
    String now = AUDIT + String.format(Locale.ROOT, "%013d", clock.instant().toEpochMilli());
    while (common < start.length()
        && common < now.length()
        && start.charAt(common) == now.charAt(common)) {
      common++;
    }
    for (StateEntry e :
        store.scan(start.substring(0, Math.max(AUDIT.length(), common)), Integer.MAX_VALUE)) {
      if (e.key().compareTo(start) >= 0) {
        out.add(StoredJson.attempt(e.value()));
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new MantissaException(ErrorCode.INTERNAL, "SHA-256 is not available", e);
    }
  }

  /** Builds {@link ResponseTrigger}s. */
  public static final class Builder {
    private StateStore store;
    private Clock clock = Clock.systemUTC();
    private final Map<String, ResponseAction> actions = new LinkedHashMap<>();
    private final List<ResponseRule> rules = new ArrayList<>();
    private int maxAttempts = 5;
    private Duration firstBackoff = Duration.ofSeconds(30);
    private Duration maxBackoff = Duration.ofHours(1);
    private Duration lease = Duration.ofMinutes(5);
    private int scanLimit = 1_000;

    private Builder() {}

    /** Where requests and the audit log are kept (required). */
    public Builder stateStore(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock for due times, leases and audit times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adds an action under its name. */
    public Builder action(ResponseAction action) {
      String name = Objects.requireNonNull(action, "action").name();
      if (actions.putIfAbsent(name, action) != null) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, "two response actions are named '" + name + "'");
      }
      return this;
    }

    /** Adds a rule. */
    public Builder rule(ResponseRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** The most attempts per request, including the first (default 5). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new MantissaException(ErrorCode.CONFIG_INVALID, "maxAttempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The wait after the first failure, doubled after each further one, up to {@code max}. */
    public Builder backoff(Duration first, Duration max) {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, "backoff must be positive and first <= max");
      }
      this.firstBackoff = first;
      this.maxBackoff = max;
      return this;
    }

    /** How long a running attempt holds its request before another run may take it over. */
    public Builder lease(Duration lease) {
      if (lease.isNegative() || lease.isZero()) {
        throw new MantissaException(ErrorCode.CONFIG_INVALID, "lease must be positive");
      }
      this.lease = lease;
      return this;
    }

    /** The most pending requests looked at per {@link ResponseTrigger#runDue()} (default 1,000). */
    public Builder scanLimit(int limit) {
      if (limit < 1) {
        throw new MantissaException(ErrorCode.CONFIG_INVALID, "scanLimit must be at least 1");
      }
      this.scanLimit = limit;
      return this;
    }

    /** Builds the trigger. */
    public ResponseTrigger build() {
      return new ResponseTrigger(this);
    }
  }
}
