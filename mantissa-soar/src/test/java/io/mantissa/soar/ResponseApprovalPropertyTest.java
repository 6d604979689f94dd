package io.mantissa.soar;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.soar.ResponseAttempt.Outcome;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any interleaving of approvals, rejections, time passing and runs, by two trigger instances on one
 * in-memory state store: an action runs at most once per request, and only after an approval taken
 * before the request's deadline; the audit log shows that decision before the attempt, and one
 * decision per request at most.
 */
class ResponseApprovalPropertyTest {
  private static final String SUSPEND = "okta.suspend_user";
  private static final Duration TIMEOUT = Duration.ofMinutes(60);
  private static final int REQUESTS = 3;

  /** One step of the interleaving. */
  sealed interface Op {}

  /** Approve request {@code index} (by instance {@code instance}). */
  record Approve(int index, int instance) implements Op {}

  /** Reject request {@code index}. */
  record Reject(int index, int instance) implements Op {}

  /** Let time pass. */
  record Advance(int minutes) implements Op {}

  /** A run pass of one instance. */
  record RunDue(int instance) implements Op {}

  @Provide
  Arbitrary<List<Op>> interleavings() {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, REQUESTS - 1);
    Arbitrary<Integer> instance = Arbitraries.integers().between(0, 1);
    Arbitrary<Op> op =
        Arbitraries.oneOf(
            Combinators.combine(index, instance).as(Approve::new),
            Combinators.combine(index, instance).as(Reject::new),
            Arbitraries.integers().between(1, 45).map(Advance::new),
            instance.map(RunDue::new));
    return op.list().ofMaxSize(25);
  }

  @Property(tries = 300)
  void actionsRunAtMostOnceAndOnlyAfterATimelyApproval(@ForAll("interleavings") List<Op> ops) {
    MutableClock clock = MutableClock.create();
    InMemoryStateStore store = new InMemoryStateStore(clock);
    ScriptedAction suspend = new ScriptedAction(SUSPEND);
    // the vendor is flaky sometimes: a retry must not make a second run of a done request
    suspend.then(new ActionResult.RetryableFailure("okta: HTTP 503"));
    ResponseRule rule =
        ResponseRule.builder("r")
            .ruleId("itdr.*")
            .action(SUSPEND)
            .requireApproval()
            .approvalTimeout(TIMEOUT)
            .build();
    List<ResponseTrigger> instances = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      instances.add(
          ResponseTrigger.builder()
              .stateStore(store)
              .clock(clock)
              .action(suspend)
              .rule(rule)
              .backoff(Duration.ofMinutes(1), Duration.ofMinutes(5))
              .build());
    }
    List<String> keys = new ArrayList<>();
    Map<String, Instant> deadlines = new HashMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      String user = "u" + i + "@example.com";
      Alert alert =
          Alert.builder()
              .id("a" + i)
              .ruleId("itdr.brute_force")
              .title("t")
              .severity(Severity.HIGH)
              .time(clock.instant())
              .entity(Entity.user(user))
              .build();
      keys.addAll(instances.get(i % 2).alertCreated(alert));
      deadlines.put(keys.get(i), clock.instant().plus(TIMEOUT));
    }
    Map<String, Instant> approvedAt = new HashMap<>();
    Map<String, Integer> decided = new HashMap<>();

    for (Op op : ops) {
      if (op instanceof Approve a) {
        String key = keys.get(a.index());
        ApprovalOutcome o =
            instances.get(a.instance()).approve(ResponseTrigger.hash(key), "bob", "");
        if (o instanceof ApprovalOutcome.Decided) {
          assertThat(clock.instant()).isBefore(deadlines.get(key));
          approvedAt.put(key, clock.instant());
          decided.merge(key, 1, Integer::sum);
        }
      } else if (op instanceof Reject r) {
        String key = keys.get(r.index());
        if (instances.get(r.instance()).reject(ResponseTrigger.hash(key), "eve", "")
            instanceof ApprovalOutcome.Decided) {
          decided.merge(key, 1, Integer::sum);
        }
      } else if (op instanceof Advance a) {
        clock.advance(Duration.ofMinutes(a.minutes()));
      } else if (op instanceof RunDue r) {
        instances.get(r.instance()).runDue();
      }
      for (ActionRequest received : suspend.received()) {
        assertThat(approvedAt).containsKey(received.idempotencyKey());
      }
    }
    clock.advance(Duration.ofHours(3));
    for (int i = 0; i < 6; i++) {
      instances.get(i % 2).runDue();
      clock.advance(Duration.ofMinutes(10));
    }

    List<ResponseAttempt> audit = instances.get(0).auditLog(1_000);
    for (String key : keys) {
      long done =
          audit.stream()
              .filter(e -> e.idempotencyKey().equals(key) && e.outcome() == Outcome.DONE)
              .count();
      List<ResponseAttempt> decisions =
          audit.stream()
              .filter(e -> e.idempotencyKey().equals(key) && e.outcome().decision())
              .toList();
      assertThat(decided.getOrDefault(key, 0)).isLessThanOrEqualTo(1);
      assertThat(decisions).hasSize(1); // approved, rejected or (at the latest now) expired
      if (approvedAt.containsKey(key)) {
        assertThat(done).isEqualTo(1); // approved in time: done exactly once, in the end
        assertThat(decisions.get(0).outcome()).isEqualTo(Outcome.APPROVED);
        int decision = audit.indexOf(decisions.get(0));
        assertThat(audit.subList(0, decision))
            .noneMatch(e -> e.idempotencyKey().equals(key)); // nothing before the approval
      } else {
        assertThat(done).isZero();
        assertThat(suspend.received()).noneMatch(r -> r.idempotencyKey().equals(key));
      }
    }
    assertThat(suspend.received())
        .hasSize(approvedAt.size() + (approvedAt.isEmpty() ? 0 : 1)); // + the one 503, retried
  }
}
