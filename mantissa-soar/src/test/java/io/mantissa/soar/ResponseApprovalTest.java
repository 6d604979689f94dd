package io.mantissa.soar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.soar.ResponseAttempt.Outcome;
import io.mantissa.soar.ResponseRequest.Approval;
import io.mantissa.soar.ResponseRequest.State;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approvals before response actions, on the embedded SQLite state store. */
class ResponseApprovalTest {
  private static final String SUSPEND = "okta.suspend_user";
  private static final String KEY = "alert:a1:okta.suspend_user:alice@example.com";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.create();
  private StateStore store;
  private final ScriptedAction suspend = new ScriptedAction(SUSPEND);

  @BeforeEach
  void open() {
    store =
        new LocalStateStoreProvider()
            .create(
                new ProviderContext(
                    MantissaConfig.builder().dataDir(dir).build(), clock, Map.of()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ResponseRule.Builder rule() {
    return ResponseRule.builder("suspend-on-spray")
        .ruleId("itdr.password_spray")
        .action(SUSPEND)
        .requireApproval()
        .approvalTimeout(Duration.ofHours(1));
  }

  private ResponseTrigger trigger(ResponseRule rule) {
    return ResponseTrigger.builder()
        .stateStore(store)
        .clock(clock)
        .action(suspend)
        .rule(rule)
        .build();
  }

  private Alert alert(String id, String user) {
    return Alert.builder()
        .id(id)
        .ruleId("itdr.password_spray")
        .title("Password spray against " + user)
        .severity(Severity.HIGH)
        .time(clock.instant())
        .entity(Entity.user(user))
        .build();
  }

  private static String id(String key) {
    return ResponseTrigger.hash(key);
  }

  @Test
  void aRequestNeedingApprovalWaitsAndRunsExactlyOnceAfterIt() {
    ResponseTrigger t = trigger(rule().build());
    assertThat(t.alertCreated(alert("a1", "alice@example.com"))).containsExactly(KEY);

    assertThat(t.runDue()).isEmpty();
    clock.advance(Duration.ofMinutes(30));
    assertThat(t.runDue()).isEmpty();
    assertThat(suspend.received()).isEmpty(); // not before a human said yes

    ResponseRequest waiting = t.find(KEY).orElseThrow();
    assertThat(waiting.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(waiting.approval().deadline()).isEqualTo(waiting.createdAt().plusSeconds(3600));
    assertThat(t.awaitingApproval(10)).extracting(ResponseRequest::id).containsExactly(id(KEY));
    assertThat(t.get(id(KEY))).contains(waiting);

    ApprovalOutcome outcome = t.approve(id(KEY), " bob@example.com ", "confirmed with the user");
    assertThat(outcome).isInstanceOf(ApprovalOutcome.Decided.class);
    ResponseRequest approved = ((ApprovalOutcome.Decided) outcome).request();
    assertThat(approved.state()).isEqualTo(State.PENDING);
    assertThat(approved.approval().decision()).isEqualTo(Approval.Decision.APPROVED);
    assertThat(approved.approval().decidedBy()).isEqualTo("bob@example.com");
    assertThat(approved.approval().decidedAt()).isEqualTo(clock.instant());
    assertThat(t.awaitingApproval(10)).isEmpty();

    assertThat(t.runDue()).extracting(ResponseAttempt::outcome).containsExactly(Outcome.DONE);
    t.runDue();
    assertThat(suspend.received()).hasSize(1);
    assertThat(t.approve(id(KEY), "carol@example.com", "me too"))
        .isInstanceOfSatisfying(
            ApprovalOutcome.AlreadyDecided.class,
            a -> assertThat(a.message()).contains("already approved by bob@example.com"));
    assertThat(t.reject(id(KEY), "carol@example.com", ""))
        .isInstanceOf(ApprovalOutcome.AlreadyDecided.class);
    assertThat(t.find(KEY).orElseThrow().state()).isEqualTo(State.DONE);

    assertThat(t.auditLog(10))
        .extracting(ResponseAttempt::outcome, ResponseAttempt::actor, ResponseAttempt::detail)
        .containsExactly(
            tuple(Outcome.APPROVED, "bob@example.com", "confirmed with the user"),
            tuple(
                Outcome.DONE,
                "rule:suspend-on-spray",
                "okta.suspend_user done for alice@example.com"));
    assertThat(t.recentAuditLog(10))
        .extracting(ResponseAttempt::outcome)
        .containsExactly(Outcome.DONE, Outcome.APPROVED);
    assertThat(store.scan(ResponseTrigger.PENDING, 10)).isEmpty();
    assertThat(store.scan(ResponseTrigger.AWAITING, 10)).isEmpty();
  }

  @Test
  void aRejectedRequestNeverRuns() {
    ResponseTrigger t = trigger(rule().build());
    t.alertCreated(alert("a1", "alice@example.com"));

    assertThat(t.reject(id(KEY), "bob@example.com", "false positive: a pentest"))
        .isInstanceOf(ApprovalOutcome.Decided.class);
    for (int i = 0; i < 3; i++) {
      t.runDue();
      clock.advance(Duration.ofHours(1));
    }

    assertThat(suspend.received()).isEmpty();
    assertThat(t.find(KEY).orElseThrow().state()).isEqualTo(State.REJECTED);
    assertThat(t.approve(id(KEY), "carol@example.com", "no, do it"))
        .isInstanceOfSatisfying(
            ApprovalOutcome.AlreadyDecided.class,
            a -> assertThat(a.message()).contains("already rejected by bob@example.com"));
    assertThat(t.auditLog(10))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.REJECTED);
              assertThat(e.actor()).isEqualTo("bob@example.com");
              assertThat(e.detail()).isEqualTo("false positive: a pentest");
              assertThat(e.attempt()).isZero();
              assertThat(e.alertId()).isEqualTo("a1");
            });
    assertThat(store.scan(ResponseTrigger.PENDING, 10)).isEmpty();
  }

  @Test
  void anUndecidedRequestExpiresAtItsDeadlineIsAuditedOnceAndNeverRuns() {
    ResponseTrigger t = trigger(rule().build());
    t.alertCreated(alert("a1", "alice@example.com"));
    t.alertCreated(alert("a2", "bob@example.com"));
    String other = id("alert:a2:okta.suspend_user:bob@example.com");

    clock.advance(Duration.ofMinutes(59));
    assertThat(t.runDue()).isEmpty();
    assertThat(t.awaitingApproval(10)).hasSize(2);
    clock.advance(Duration.ofMinutes(1));
    assertThat(t.awaitingApproval(10)).isEmpty(); // past the deadline: not offered any more

    // a late approval is refused and expires the request on the spot
    assertThat(t.approve(id(KEY), "carol@example.com", "sorry, late"))
        .isInstanceOfSatisfying(
            ApprovalOutcome.Expired.class,
            e -> assertThat(e.request().state()).isEqualTo(State.EXPIRED));
    // the other one expires on the next pass
    assertThat(t.runDue())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.EXPIRED);
              assertThat(e.actor()).isEqualTo(ResponseTrigger.APPROVAL_TIMEOUT);
              assertThat(e.target()).isEqualTo(Entity.user("bob@example.com"));
            });
    assertThat(t.reject(other, "carol@example.com", ""))
        .isInstanceOf(ApprovalOutcome.Expired.class);
    t.runDue();
    clock.advance(Duration.ofDays(1));
    t.runDue();

    assertThat(suspend.received()).isEmpty();
    assertThat(t.auditLog(10))
        .extracting(ResponseAttempt::outcome)
        .containsExactly(Outcome.EXPIRED, Outcome.EXPIRED);
    assertThat(t.requests(Set.of(State.EXPIRED), 10)).hasSize(2);
    assertThat(store.scan(ResponseTrigger.PENDING, 10)).isEmpty();
  }

  @Test
  void theApproverIsRequiredAndUnknownIdsAreSaidSo() {
    ResponseTrigger t = trigger(rule().build());
    t.alertCreated(alert("a1", "alice@example.com"));

    for (String blank : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> t.approve(id(KEY), blank, "ok"))
          .isInstanceOfSatisfying(
              MantissaException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("approver is required");
              });
      assertThatThrownBy(() -> t.reject(id(KEY), blank, "ok"))
          .isInstanceOf(MantissaException.class);
    }
    assertThat(t.find(KEY).orElseThrow().state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(t.approve(id("no such key"), "bob", ""))
        .isInstanceOf(ApprovalOutcome.UnknownRequest.class);
    assertThat(t.approve("../../etc", "bob", ""))
        .isInstanceOfSatisfying(
            ApprovalOutcome.UnknownRequest.class,
            u -> assertThat(u.message()).contains("no response request with id '../../etc'"));
    assertThat(t.get("x")).isEmpty();
  }

  @Test
  void onlyTheRulesApproversMayDecide() {
    ResponseTrigger t =
        trigger(rule().approver("Lead@Example.com").approver("ciso@example.com").build());
    t.alertCreated(alert("a1", "alice@example.com"));

    assertThat(t.approve(id(KEY), "eve@example.com", "let me"))
        .isInstanceOfSatisfying(
            ApprovalOutcome.NotAnApprover.class,
            n -> assertThat(n.message()).contains("eve@example.com", "Lead@Example.com"));
    assertThat(t.reject(id(KEY), "eve@example.com", ""))
        .isInstanceOf(ApprovalOutcome.NotAnApprover.class);
    t.runDue();
    assertThat(suspend.received()).isEmpty();
    assertThat(t.find(KEY).orElseThrow().state()).isEqualTo(State.AWAITING_APPROVAL);

    assertThat(t.approve(id(KEY), "lead@example.com", ""))
        .isInstanceOf(ApprovalOutcome.Decided.class);
    t.runDue();
    assertThat(suspend.received()).hasSize(1);
  }

  @Test
  void rulesWithoutApprovalStillRunAtOnceAndCannotBeDecided() {
    ResponseTrigger t =
        trigger(ResponseRule.builder("auto").ruleId("itdr.password_spray").action(SUSPEND).build());
    t.alertCreated(alert("a1", "alice@example.com"));

    assertThat(t.awaitingApproval(10)).isEmpty();
    assertThat(t.approve(id(KEY), "bob", ""))
        .isInstanceOfSatisfying(
            ApprovalOutcome.AlreadyDecided.class,
            a -> assertThat(a.message()).contains("does not need approval"));
    t.runDue();
    assertThat(suspend.received()).hasSize(1);
    assertThat(t.find(KEY).orElseThrow().approval()).isEqualTo(Approval.NOT_REQUIRED);
  }

  @Test
  void twoApproversRacingOnOneRequestExactlyOneWins() throws Exception {
    int requests = 25;
    ResponseTrigger first = trigger(rule().build());
    ResponseTrigger second = trigger(rule().build()); // another instance on the same store
    for (int i = 0; i < requests; i++) {
      first.alertCreated(alert("a" + i, "user" + i + "@example.com"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<ApprovalOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    try {
      for (int i = 0; i < requests; i++) {
        String id = id("alert:a" + i + ":okta.suspend_user:user" + i + "@example.com");
        CountDownLatch go = new CountDownLatch(1);
        Callable<ApprovalOutcome> approve =
            () -> {
              go.await();
              return first.approve(id, "alice-approver", "yes");
            };
        Callable<ApprovalOutcome> reject =
            () -> {
              go.await();
              return second.reject(id, "bob-approver", "no");
            };
        Future<ApprovalOutcome> a = pool.submit(approve);
        Future<ApprovalOutcome> b = pool.submit(reject);
        go.countDown();
        List<ApprovalOutcome> pair = List.of(a.get(), b.get());
        assertThat(pair).filteredOn(ApprovalOutcome.Decided.class::isInstance).hasSize(1);
        assertThat(pair).filteredOn(ApprovalOutcome.AlreadyDecided.class::isInstance).hasSize(1);
        outcomes.addAll(pair);
      }
    } finally {
      pool.shutdownNow();
    }
    first.runDue();
    second.runDue();

    long approved =
        outcomes.stream()
            .filter(
                o -> o instanceof ApprovalOutcome.Decided d && d.request().state() == State.PENDING)
            .count();
    assertThat(suspend.received()).hasSize((int) approved);
    List<ResponseAttempt> decisions =
        first.auditLog(1_000).stream().filter(e -> e.outcome().decision()).toList();
    assertThat(decisions).hasSize(requests);
    assertThat(decisions.stream().map(ResponseAttempt::idempotencyKey).distinct())
        .hasSize(requests);
  }

  @Test
  void aDecisionWhoseAuditEntryWasLostIsAuditedBeforeTheFirstAttempt() {
    ResponseTrigger t = trigger(rule().build());
    t.alertCreated(alert("a1", "alice@example.com"));
    ResponseRequest waiting = t.find(KEY).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    // as if the process stopped right after the compare-and-set of the approval
    ResponseRequest approved =
        waiting.decided(
            State.PENDING,
            waiting.approval().decided(Approval.Decision.APPROVED, "bob", clock.instant(), "ok"),
            clock.instant(),
            "approved by bob",
            clock.instant());
    store.put(ResponseTrigger.REQUEST + id(KEY), StoredJson.request(approved));
    clock.advance(Duration.ofMinutes(1));

    t.runDue();
    t.runDue();

    assertThat(suspend.received()).hasSize(1);
    assertThat(t.auditLog(10))
        .extracting(ResponseAttempt::outcome, ResponseAttempt::time)
        .containsExactly(
            tuple(Outcome.APPROVED, clock.instant().minus(Duration.ofMinutes(1))),
            tuple(Outcome.DONE, clock.instant()));
  }

  @Test
  void requestsAreListedNewestFirstByState() {
    ResponseTrigger t =
        ResponseTrigger.builder()
            .stateStore(store)
            .clock(clock)
            .action(suspend)
            .rule(rule().build())
            .build();
    for (int i = 0; i < 5; i++) {
      t.alertCreated(alert("a" + i, "user" + i + "@example.com"));
      clock.advance(Duration.ofSeconds(10));
    }
    t.request(
        new ActionRequest(SUSPEND, Entity.user("manual@example.com"), Map.of(), "manual-1"),
        "analyst",
        "stolen laptop");
    t.approve(id("alert:a1:okta.suspend_user:user1@example.com"), "bob", "");
    t.reject(id("alert:a2:okta.suspend_user:user2@example.com"), "bob", "");
    t.runDue();

    assertThat(t.requests(Set.of(), 100))
        .extracting(r -> r.target().value())
        .containsExactly(
            "manual@example.com",
            "user4@example.com",
            "user3@example.com",
            "user2@example.com",
            "user1@example.com",
            "user0@example.com");
    assertThat(t.requests(Set.of(), 2)).hasSize(2);
    assertThat(t.requests(Set.of(State.DONE), 100))
        .extracting(r -> r.target().value())
        .containsExactly("manual@example.com", "user1@example.com");
    assertThat(t.requests(Set.of(State.REJECTED), 100)).hasSize(1);
    assertThat(t.awaitingApproval(2))
        .extracting(r -> r.target().value())
        .containsExactly("user4@example.com", "user3@example.com");
    assertThat(t.awaitingApproval(100)).hasSize(3);
    assertThatThrownBy(() -> t.awaitingApproval(0)).isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> t.requests(Set.of(), ResponseTrigger.MAX_LIST + 1))
        .isInstanceOf(MantissaException.class);
  }

  @Test
  void theRecentAuditLogIsNewestFirstAndBounded() {
    ResponseTrigger t = trigger(rule().build());
    for (int i = 0; i < 30; i++) {
      t.request(
          new ActionRequest(SUSPEND, Entity.user("u" + i + "@example.com"), Map.of(), "k" + i),
          "analyst",
          "test");
      t.runDue();
      clock.advance(Duration.ofSeconds(i * 37L + 1));
    }
    List<ResponseAttempt> all = new ArrayList<>(t.auditLog(1_000));
    Collections.reverse(all);

    assertThat(t.recentAuditLog(7)).isEqualTo(all.subList(0, 7));
    assertThat(t.recentAuditLog(1_000)).isEqualTo(all);
  }

  @Test
  void approvalSettingsOfRulesAreValidated() {
    assertThatThrownBy(
            () -> ResponseRule.builder("r").ruleId("x").action(SUSPEND).approver("bob").build())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("does not require approval");
    assertThatThrownBy(
            () ->
                ResponseRule.builder("r")
                    .ruleId("x")
                    .action(SUSPEND)
                    .requireApproval()
                    .approvalTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("positive approval timeout");
    assertThatThrownBy(
            () ->
                ResponseRule.builder("r")
                    .ruleId("x")
                    .action(SUSPEND)
                    .requireApproval()
                    .approver(" ")
                    .build())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("blank approver");
    ResponseRule r =
        ResponseRule.builder("r").ruleId("x").action(SUSPEND).requireApproval().build();
    assertThat(r.approvalTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(r.mayApprove("anyone")).isTrue();
  }

  @Test
  void approvalsSurviveTheJsonRoundTripAndOldDocumentsReadAsNotRequired() {
    ResponseTrigger t = trigger(rule().approver("bob").build());
    t.alertCreated(alert("a1", "alice@example.com"));
    ResponseRequest r = t.find(KEY).orElseThrow();
    assertThat(StoredJson.request(StoredJson.request(r))).isEqualTo(r);
    assertThat(r.approval().approvers()).containsExactly("bob");

    String legacy =
        "{\"idempotencyKey\":\"k\",\"action\":\"okta.suspend_user\",\"target\":{\"type\":\"USER\","
            + "\"value\":\"a@example.com\"},\"parameters\":{},\"actor\":\"me\",\"rule\":\"\","
            + "\"alertId\":\"\",\"reason\":\"\",\"state\":\"PENDING\",\"attempts\":0,"
            + "\"nextAttemptAt\":\"2026-01-01T00:00:00Z\",\"leaseUntil\":\"1970-01-01T00:00:00Z\","
            + "\"lastDetail\":\"\",\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
    assertThat(StoredJson.request(legacy).approval()).isEqualTo(Approval.NOT_REQUIRED);
    assertThat(StoredJson.request(legacy).createdAt())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }
}
