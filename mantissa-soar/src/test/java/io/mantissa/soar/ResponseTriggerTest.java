package io.mantissa.soar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.soar.ResponseAttempt.Outcome;
import io.mantissa.soar.ResponseRequest.State;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trigger on the embedded SQLite state store, with scripted actions. */
class ResponseTriggerTest {
  private static final String SUSPEND = "okta.suspend_user";
  private static final String CLEAR = "okta.clear_sessions";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.create();
  private StateStore store;
  private final ScriptedAction suspend = new ScriptedAction(SUSPEND);
  private final ScriptedAction clear = new ScriptedAction(CLEAR);

  @BeforeEach
  void open() {
    store = openStore();
  }

  private StateStore openStore() {
    return new LocalStateStoreProvider()
        .create(
            new ProviderContext(MantissaConfig.builder().dataDir(dir).build(), clock, Map.of()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ResponseRule bruteForceRule() {
    return ResponseRule.builder("contain-brute-force")
        .ruleId("itdr.brute_force")
        .ruleId("okta-*")
        .minSeverity(Severity.HIGH)
        .action(CLEAR)
        .action(SUSPEND)
        .parameter("oauth_tokens", "true")
        .targetPattern(".*@example\\.com")
        .build();
  }

  private ResponseTrigger.Builder trigger() {
    return ResponseTrigger.builder()
        .stateStore(store)
        .clock(clock)
        .action(suspend)
        .action(clear)
        .rule(bruteForceRule())
        .backoff(Duration.ofSeconds(30), Duration.ofMinutes(10))
        .maxAttempts(3);
  }

  private Alert alert(String id, String ruleId, Severity severity, Entity... entities) {
    Alert.Builder b =
        Alert.builder()
            .id(id)
            .ruleId(ruleId)
            .title("Brute force against alice@example.com")
            .severity(severity)
            .time(clock.instant());
    for (Entity e : entities) {
      b.entity(e);
    }
    return b.build();
  }

  @Test
  void aMatchingAlertRunsEachActionOnceForEachTargetedUserAndIsAudited() {
    ResponseTrigger t = trigger().build();
    Alert a =
        alert(
            "a1",
            "itdr.brute_force",
            Severity.HIGH,
            Entity.user("alice@example.com"),
            Entity.user("bob@elsewhere.org"), // not targeted by the rule's pattern
            Entity.ip("203.0.113.7"));

    List<String> scheduled = t.alertCreated(a);
    assertThat(scheduled)
        .containsExactly(
            "alert:a1:okta.clear_sessions:alice@example.com",
            "alert:a1:okta.suspend_user:alice@example.com");
    assertThat(suspend.received()).isEmpty(); // scheduling does not call vendors

    List<ResponseAttempt> made = t.runDue();

    assertThat(made).extracting(ResponseAttempt::outcome).containsOnly(Outcome.DONE);
    assertThat(suspend.received())
        .containsExactly(
            new ActionRequest(
                SUSPEND,
                Entity.user("alice@example.com"),
                Map.of("oauth_tokens", "true"),
                "alert:a1:okta.suspend_user:alice@example.com"));
    assertThat(clear.received()).hasSize(1);
    List<ResponseAttempt> audit = t.auditLog(100);
    assertThat(audit).hasSize(2);
    assertThat(audit)
        .allSatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo("rule:contain-brute-force");
              assertThat(e.rule()).isEqualTo("contain-brute-force");
              assertThat(e.alertId()).isEqualTo("a1");
              assertThat(e.target()).isEqualTo(Entity.user("alice@example.com"));
              assertThat(e.attempt()).isEqualTo(1);
              assertThat(e.time()).isEqualTo(clock.instant());
            });
    assertThat(t.find("alert:a1:okta.suspend_user:alice@example.com"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.state()).isEqualTo(State.DONE);
              assertThat(r.lastDetail()).isEqualTo("okta.suspend_user done for alice@example.com");
            });
  }

  @Test
  void theSameRequestIsNeverRunTwice() {
    ResponseTrigger t = trigger().build();
    Alert a = alert("a1", "okta-brute-force", Severity.CRITICAL, Entity.user("alice@example.com"));

    assertThat(t.alertCreated(a)).hasSize(2);
    t.runDue();
    assertThat(t.alertCreated(a)).isEmpty(); // the listener told twice, a replay, ...
    ResponseTrigger other = trigger().build(); // another instance on the same store
    assertThat(other.alertCreated(a)).isEmpty();
    t.runDue();
    other.runDue();

    assertThat(suspend.received()).hasSize(1);
    assertThat(clear.received()).hasSize(1);
    assertThat(t.auditLog(100)).hasSize(2);
    assertThat(store.scan(ResponseTrigger.PENDING, 10)).isEmpty();
  }

  @Test
  void alertsOfOtherRulesLowerSeverityOrWithoutUsersAreIgnored() {
    ResponseTrigger t = trigger().build();

    assertThat(
            t.alertCreated(
                alert(
                    "a1",
                    "itdr.new_location",
                    Severity.CRITICAL,
                    Entity.user("alice@example.com"))))
        .isEmpty();
    assertThat(
            t.alertCreated(
                alert("a2", "itdr.brute_force", Severity.MEDIUM, Entity.user("alice@example.com"))))
        .isEmpty();
    assertThat(
            t.alertCreated(
                alert("a3", "itdr.brute_force", Severity.HIGH, Entity.ip("203.0.113.7"))))
        .isEmpty();
    assertThat(
            t.alertCreated(
                alert("a4", "itdr.brute_force_x", Severity.HIGH, Entity.user("alice@example.com"))))
        .isEmpty();
    Alert resolved =
        alert("a5", "itdr.brute_force", Severity.HIGH, Entity.user("alice@example.com")).toBuilder()
            .status(AlertStatus.RESOLVED)
            .build();
    assertThat(t.alertCreated(resolved)).isEmpty();
    assertThat(t.runDue()).isEmpty();
    assertThat(t.auditLog(10)).isEmpty();
  }

  @Test
  void retryableFailuresAreRetriedWithBackoffHonouringTheHint() {
    suspend
        .then(new ActionResult.RetryableFailure("okta: rate limited (HTTP 429); retry after 120 s"))
        .then(new ActionResult.RetryableFailure("okta: HTTP 503"));
    ResponseTrigger t =
        ResponseTrigger.builder()
            .stateStore(store)
            .clock(clock)
            .action(suspend)
            .backoff(Duration.ofSeconds(30), Duration.ofMinutes(10))
            .maxAttempts(5)
            .build();
    ActionRequest req =
        new ActionRequest(SUSPEND, Entity.user("alice@example.com"), Map.of(), "manual-1");
    assertThat(t.request(req, "analyst@example.com", "stolen laptop")).isTrue();
    assertThat(t.request(req, "analyst@example.com", "stolen laptop")).isFalse();

    assertThat(t.runDue())
        .extracting(ResponseAttempt::outcome)
        .containsExactly(Outcome.RETRYABLE_FAILURE);
    clock.advance(Duration.ofSeconds(119));
    assertThat(t.runDue()).isEmpty(); // the vendor asked for 120 s, more than the 30 s backoff
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.runDue())
        .extracting(ResponseAttempt::outcome)
        .containsExactly(Outcome.RETRYABLE_FAILURE);
    clock.advance(Duration.ofSeconds(59));
    assertThat(t.runDue()).isEmpty(); // second failure: 60 s
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.runDue()).extracting(ResponseAttempt::outcome).containsExactly(Outcome.DONE);

    assertThat(suspend.received())
        .hasSize(3)
        .extracting(ActionRequest::idempotencyKey)
        .containsOnly("manual-1");
    assertThat(t.auditLog(10))
        .extracting(ResponseAttempt::attempt, ResponseAttempt::outcome, ResponseAttempt::actor)
        .containsExactly(
            tuple(1, Outcome.RETRYABLE_FAILURE, "analyst@example.com"),
            tuple(2, Outcome.RETRYABLE_FAILURE, "analyst@example.com"),
            tuple(3, Outcome.DONE, "analyst@example.com"));
    assertThat(t.find("manual-1").orElseThrow().reason()).isEqualTo("stolen laptop");
  }

  @Test
  void retriesStopAfterTheLastAttemptAndPermanentFailuresAreNotRetried() {
    for (int i = 0; i < 5; i++) {
      suspend.then(new ActionResult.RetryableFailure("okta: HTTP 500"));
    }
    clear.then(new ActionResult.PermanentFailure("okta: not found (HTTP 404)"));
    ResponseTrigger t = trigger().build();
    t.alertCreated(
        alert("a1", "itdr.brute_force", Severity.HIGH, Entity.user("alice@example.com")));

    for (int i = 0; i < 10; i++) {
      t.runDue();
      clock.advance(Duration.ofMinutes(10));
    }

    assertThat(suspend.received()).hasSize(3); // maxAttempts
    assertThat(clear.received()).hasSize(1);
    ResponseRequest s = t.find("alert:a1:okta.suspend_user:alice@example.com").orElseThrow();
    assertThat(s.state()).isEqualTo(State.FAILED);
    assertThat(s.lastDetail()).contains("gave up after 3 attempts");
    ResponseRequest c = t.find("alert:a1:okta.clear_sessions:alice@example.com").orElseThrow();
    assertThat(c.state()).isEqualTo(State.FAILED);
    assertThat(c.lastDetail()).isEqualTo("okta: not found (HTTP 404)");
    assertThat(t.auditLog(100)).hasSize(4);
    assertThat(store.scan(ResponseTrigger.PENDING, 10)).isEmpty();
  }

  @Test
  void anAttemptWhoseProcessStoppedRunsAgainAfterItsLeaseAndIsAuditedAsUnknown() {
    // the first "process" stops while the vendor call is in flight: its state shows RUNNING
    ResponseTrigger first = trigger().lease(Duration.ofMinutes(5)).build();
    first.alertCreated(
        alert("a1", "itdr.brute_force", Severity.HIGH, Entity.user("alice@example.com")));
    String key = "alert:a1:okta.suspend_user:alice@example.com";
    String hash = ResponseTrigger.hash(key);
    ResponseRequest pending = first.find(key).orElseThrow();
    ResponseRequest running =
        pending.with(
            State.RUNNING,
            1,
            pending.nextAttemptAt(),
            clock.instant().plus(Duration.ofMinutes(5)),
            "",
            clock.instant());
    store.put(ResponseTrigger.REQUEST + hash, StoredJson.request(running));

    ResponseTrigger restarted = trigger().build();
    assertThat(restarted.runDue()).extracting(ResponseAttempt::action).containsExactly(CLEAR);
    assertThat(suspend.received()).isEmpty(); // its lease still runs
    clock.advance(Duration.ofMinutes(5));
    List<ResponseAttempt> made = restarted.runDue();

    assertThat(made).extracting(ResponseAttempt::outcome).containsExactly(Outcome.DONE);
    assertThat(suspend.received()).hasSize(1);
    List<ResponseAttempt> suspendAudit =
        restarted.auditLog(10).stream().filter(e -> e.action().equals(SUSPEND)).toList();
    assertThat(suspendAudit)
        .extracting(ResponseAttempt::attempt, ResponseAttempt::outcome)
        .containsExactly(tuple(1, Outcome.UNKNOWN), tuple(2, Outcome.DONE));
  }

  @Test
  void aCrashBetweenThePendingMarkerAndTheRequestLosesNothing() {
    ResponseTrigger t = trigger().build();
    t.alertCreated(
        alert("a1", "itdr.brute_force", Severity.HIGH, Entity.user("alice@example.com")));
    String hash = ResponseTrigger.hash("alert:a1:okta.suspend_user:alice@example.com");
    store.delete(ResponseTrigger.REQUEST + hash); // as if the process stopped after the marker

    t.runDue();

    assertThat(suspend.received()).hasSize(1);
    assertThat(t.find("alert:a1:okta.suspend_user:alice@example.com").orElseThrow().state())
        .isEqualTo(State.DONE);
  }

  @Test
  void concurrentRunnersOnOneStoreRunEveryRequestExactlyOnce() throws Exception {
    ResponseTrigger t = trigger().build();
    for (int i = 0; i < 40; i++) {
      t.alertCreated(
          alert(
              "a" + i,
              "itdr.brute_force",
              Severity.HIGH,
              Entity.user("user" + i + "@example.com")));
    }
    List<ResponseTrigger> runners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runners.add(trigger().build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<List<ResponseAttempt>>> jobs = new ArrayList<>();
      runners.forEach(r -> jobs.add(r::runDue));
      int attempts = 0;
      for (Future<List<ResponseAttempt>> f : pool.invokeAll(jobs)) {
        attempts += f.get().size();
      }
      assertThat(attempts).isEqualTo(80);
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> perKey =
        suspend.received().stream()
            .collect(Collectors.groupingBy(ActionRequest::idempotencyKey, Collectors.counting()));
    assertThat(perKey).hasSize(40).allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
    assertThat(clear.received()).hasSize(40);
    assertThat(t.auditLog(1_000)).hasSize(80);
  }

  @Test
  void theAuditLogSurvivesARestartAndIsReadFromATime() {
    ResponseTrigger t = trigger().build();
    t.alertCreated(
        alert("a1", "itdr.brute_force", Severity.HIGH, Entity.user("alice@example.com")));
    t.runDue();
    clock.advance(Duration.ofHours(1));
    Instant later = clock.instant();
    t.alertCreated(alert("a2", "itdr.brute_force", Severity.HIGH, Entity.user("bob@example.com")));
    t.runDue();
    store.close();
    store = openStore();

    ResponseTrigger reopened = trigger().build();
    assertThat(reopened.auditLog(100)).hasSize(4);
    assertThat(reopened.auditLog(later, 100))
        .hasSize(2)
        .extracting(ResponseAttempt::alertId)
        .containsOnly("a2");
  }

  @Test
  void anActionThatThrowsIsAPermanentFailureNotACrash() {
    ScriptedAction boom =
        new ScriptedAction(SUSPEND)
            .during(
                () -> {
                  throw new IllegalStateException("bug");
                });
    ResponseTrigger t =
        ResponseTrigger.builder().stateStore(store).clock(clock).action(boom).build();
    t.request(
        new ActionRequest(SUSPEND, Entity.user("alice@example.com"), Map.of(), "k"), "me", "test");

    assertThat(t.runDue())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.PERMANENT_FAILURE);
              assertThat(a.detail()).contains("IllegalStateException");
            });
  }

  @Test
  void rulesMustNameConfiguredActions() {
    assertThatThrownBy(
            () ->
                ResponseTrigger.builder()
                    .stateStore(store)
                    .action(suspend)
                    .rule(bruteForceRule())
                    .build())
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
              assertThat(e.getMessage()).contains("okta.clear_sessions");
            });
    ResponseTrigger t = trigger().build();
    assertThatThrownBy(
            () ->
                t.request(
                    new ActionRequest(
                        "entra.disable_user", Entity.user("a@example.com"), Map.of(), "k"),
                    "me",
                    "why"))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void backoffDoublesAndIsCapped() {
    ResponseTrigger t = trigger().build();
    Function<Integer, Long> wait = n -> t.backoff(n, "HTTP 500").toSeconds();
    assertThat(List.of(wait.apply(1), wait.apply(2), wait.apply(3), wait.apply(6), wait.apply(50)))
        .containsExactly(30L, 60L, 120L, 600L, 600L);
    assertThat(t.backoff(1, "rate limited; retry after 7200 s").toSeconds()).isEqualTo(600L);
    assertThat(t.backoff(1, "rate limited; retry after 5 s").toSeconds()).isEqualTo(30L);
  }

  @Test
  void rulesAreValidated() {
    assertThatThrownBy(() -> ResponseRule.builder("r").action(SUSPEND).build())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("rule id");
    assertThatThrownBy(() -> ResponseRule.builder("r").ruleId("x").build())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("action");
    assertThatThrownBy(
            () -> ResponseRule.builder("r").ruleId("x").action(SUSPEND).targetPattern("(").build())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("target pattern");
  }
}
