package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private final MutableClock clock = MutableClock.create();
  private final InMemoryStateStore store = new InMemoryStateStore(clock);
  private final RetryPolicy retry =
      new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), 4, Duration.ofHours(1));

  private Outbox.Builder outbox(AlertSink... sinks) {
    Outbox.Builder b =
        Outbox.builder()
            .stateStore(store)
            .clock(clock)
            .random(new Random(42))
            .retryPolicy(retry)
            .circuitBreaker(new CircuitBreakerPolicy(3, Duration.ofMinutes(1)))
            .lease(Duration.ofSeconds(30));
    for (AlertSink s : sinks) {
      b.sink(s);
    }
    return b;
  }

  private static Alert alert(String id) {
    return Alert.builder()
        .id(id)
        .ruleId("rule-1")
        .title("Suspicious login by carol@example.com")
        .severity(Severity.HIGH)
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .entity(Entity.user("carol@example.com"))
        .build();
  }

  @Test
  void deliversOnceWithTheIdempotencyKeyAndForgetsTheDelivery() {
    RecordingSink sink = new RecordingSink("hook");
    Outbox outbox = outbox(sink).build();

    assertThat(outbox.enqueue(alert("a1"), "hook", "a1/hook")).isTrue();
    assertThat(outbox.enqueue(alert("a1"), "hook", "a1/hook")).isFalse();
    DeliveryReport report = outbox.deliverDue();

    assertThat(report).isEqualTo(new DeliveryReport(1, 0, 0, 0));
    assertThat(sink.calls())
        .singleElement()
        .extracting(c -> c.idempotencyKey())
        .isEqualTo("a1/hook");
    assertThat(outbox.pending()).isZero();
    assertThat(outbox.enqueue(alert("a1"), "hook", "a1/hook")).as("already delivered").isFalse();
    assertThat(outbox.deliverDue().attempted()).isZero();
  }

  @Test
  void redactsWithThePolicyOfEachSink() {
    RecordingSink external = new RecordingSink("slack");
    RecordingSink internal = new RecordingSink("siem");
    Outbox outbox = outbox().sink(external).sink(internal, RedactionPolicy.none()).build();
    outbox.enqueue(alert("a1"), "slack", "k1");
    outbox.enqueue(alert("a1"), "siem", "k2");

    outbox.deliverDue();

    assertThat(external.calls().get(0).alert().title())
        .isEqualTo("Suspicious login by [REDACTED:EMAIL]");
    assertThat(external.calls().get(0).payload()).doesNotContain("carol@example.com");
    assertThat(internal.calls().get(0).alert().title()).contains("carol@example.com");
  }

  @Test
  void retriesWithExponentialBackoffAndJitter() {
    RecordingSink sink =
        new RecordingSink("hook").thenAnswer(RecordingSink.retryable(), RecordingSink.retryable());
    Outbox outbox = outbox(sink).build();
    outbox.enqueue(alert("a1"), "hook", "k");

    assertThat(outbox.deliverDue().retried()).isEqualTo(1);
    // first retry after 5-10 s (10 s, half of it jittered)
    clock.advance(Duration.ofSeconds(5).minusMillis(1));
    assertThat(outbox.deliverDue().attempted()).isZero();
    clock.advance(Duration.ofSeconds(5).plusMillis(1));
    assertThat(outbox.deliverDue().retried()).isEqualTo(1);
    // second retry after 10-20 s
    clock.advance(Duration.ofSeconds(10).minusMillis(1));
    assertThat(outbox.deliverDue().attempted()).isZero();
    clock.advance(Duration.ofSeconds(10).plusMillis(1));
    assertThat(outbox.deliverDue().delivered()).isEqualTo(1);
    assertThat(sink.calls()).hasSize(3).extracting(c -> c.idempotencyKey()).containsOnly("k");
  }

  @Test
  void backoffGrowsToItsCapAndJitterStaysWithinHalfTheDelay() {
    Random random = new Random(7);
    for (int attempt = 1; attempt <= 10; attempt++) {
      long full = Math.min(10_000L << (attempt - 1), 300_000L);
      for (int i = 0; i < 50; i++) {
        long d = retry.backoff(attempt, random).toMillis();
        assertThat(d).isBetween(full / 2, full);
      }
    }
  }

  @Test
  void honoursRetryAfter() {
    RecordingSink sink =
        new RecordingSink("hook")
            .thenAnswer(
                new DeliveryResult.RetryableFailure("429", Optional.of(Duration.ofSeconds(120))));
    Outbox outbox = outbox(sink).build();
    outbox.enqueue(alert("a1"), "hook", "k");
    outbox.enqueue(alert("a2"), "hook", "k2");

    DeliveryReport first = outbox.deliverDue();
    assertThat(first.retried()).isEqualTo(1);
    assertThat(first.skippedOpenCircuit()).as("destination asked everyone to wait").isEqualTo(1);
    clock.advance(Duration.ofSeconds(119));
    assertThat(outbox.deliverDue().attempted()).isZero();
    clock.advance(Duration.ofSeconds(1));
    // the half-open trial succeeds and closes the circuit, so the second follows in the same pass
    assertThat(outbox.deliverDue().delivered()).isEqualTo(2);
  }

  @Test
  void deadLettersAfterMaxAttemptsAndReplays() {
    RecordingSink sink =
        new RecordingSink("hook")
            .thenAnswer(
                RecordingSink.retryable(),
                RecordingSink.retryable(),
                RecordingSink.retryable(),
                RecordingSink.retryable());
    Outbox outbox =
        outbox(sink).circuitBreaker(new CircuitBreakerPolicy(100, Duration.ofSeconds(1))).build();
    outbox.enqueue(alert("a1"), "hook", "k");

    for (int i = 0; i < 4; i++) {
      outbox.deliverDue();
      clock.advance(Duration.ofMinutes(10));
    }

    assertThat(outbox.pending()).isZero();
    List<DeadLetter> dead = outbox.deadLetters(10);
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.alertId()).isEqualTo("a1");
              assertThat(d.attempts()).isEqualTo(4);
              assertThat(d.reason()).isEqualTo("503");
              assertThat(d.sink()).isEqualTo("hook");
            });

    assertThat(outbox.replay(dead.get(0).id())).isTrue();
    assertThat(outbox.deadLetters(10)).isEmpty();
    assertThat(outbox.deliverDue().delivered()).isEqualTo(1);
    assertThat(sink.calls()).hasSize(5).extracting(c -> c.idempotencyKey()).containsOnly("k");
  }

  @Test
  void pendingDeliveriesAndDeadLettersNeverExpire() {
    RecordingSink down =
        new RecordingSink("hook").thenAnswer(new DeliveryResult.PermanentFailure("HTTP 400"));
    RecordingSink paused = new RecordingSink("later");
    Outbox outbox = outbox(down).sink(paused).retention(Duration.ofDays(1)).build();
    outbox.enqueue(alert("a1"), "hook", "k1");
    outbox.deliverDue();
    outbox.enqueue(alert("a2"), "later", "k2");

    clock.advance(Duration.ofDays(3 * 365));

    assertThat(outbox.deadLetters(10)).extracting(DeadLetter::alertId).containsExactly("a1");
    assertThat(outbox.pending()).isEqualTo(1);
    assertThat(outbox.deliverDue().delivered()).isEqualTo(1);
    assertThat(outbox.discard(outbox.deadLetters(10).get(0).id())).isTrue();
    assertThat(outbox.deadLetters(10)).isEmpty();
    assertThat(outbox.discard("no-such-dead-letter")).isFalse();
  }

  @Test
  void sentMarkersAreKeptUnlessARetentionIsChosen() {
    RecordingSink kept = new RecordingSink("hook");
    Outbox keeping = outbox(kept).build();
    keeping.enqueue(alert("a1"), "hook", "k");
    keeping.deliverDue();
    clock.advance(Duration.ofDays(3 * 365));
    assertThat(keeping.enqueue(alert("a1"), "hook", "k")).as("still known as sent").isFalse();

    RecordingSink expiring = new RecordingSink("other");
    Outbox forgetting = outbox(expiring).retention(Duration.ofDays(30)).build();
    forgetting.enqueue(alert("a2"), "other", "k");
    forgetting.deliverDue();
    clock.advance(Duration.ofDays(31));
    assertThat(forgetting.enqueue(alert("a2"), "other", "k")).as("marker expired").isTrue();
  }

  @Test
  void permanentFailuresGoStraightToTheDeadLetterList() {
    RecordingSink sink =
        new RecordingSink("hook").thenAnswer(new DeliveryResult.PermanentFailure("HTTP 400"));
    Outbox outbox = outbox(sink).build();
    outbox.enqueue(alert("a1"), "hook", "k");
    outbox.enqueue(alert("a2"), "hook", "k2");

    assertThat(outbox.deliverDue()).isEqualTo(new DeliveryReport(1, 0, 1, 0));
    assertThat(outbox.deadLetters(10)).extracting(DeadLetter::reason).containsExactly("HTTP 400");
    assertThat(outbox.replayAll()).isEqualTo(1);
    assertThat(outbox.deliverDue().delivered()).isEqualTo(1);
  }

  @Test
  void circuitOpensPerDestinationAndLetsOneTrialThroughAfterwards() {
    RecordingSink failing =
        new RecordingSink("pagerduty")
            .thenAnswer(
                RecordingSink.retryable(),
                RecordingSink.retryable(),
                RecordingSink.retryable(),
                RecordingSink.retryable());
    RecordingSink healthy = new RecordingSink("slack");
    Outbox outbox = outbox(failing, healthy).build();
    for (int i = 1; i <= 5; i++) {
      outbox.enqueue(alert("a" + i), "pagerduty", "pd-" + i);
    }
    outbox.enqueue(alert("a1"), "slack", "slack-1");

    DeliveryReport first = outbox.deliverDue();

    assertThat(first.retried()).isEqualTo(3);
    assertThat(first.skippedOpenCircuit()).isEqualTo(2);
    assertThat(first.delivered()).isEqualTo(1);
    assertThat(outbox.isCircuitOpen("pagerduty")).isTrue();
    assertThat(outbox.isCircuitOpen("slack")).isFalse();

    clock.advance(Duration.ofMinutes(1));
    DeliveryReport trial = outbox.deliverDue();
    assertThat(trial.attempted()).as("one half-open trial").isEqualTo(1);
    assertThat(outbox.isCircuitOpen("pagerduty")).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(outbox.deliverDue().delivered()).as("trial succeeds, circuit closes").isEqualTo(5);
    assertThat(failing.calls()).hasSize(9);
  }

  @Test
  void aSinkThatThrowsIsRetriedNotFatal() {
    AlertSink throwing =
        sink(
            "bad",
            (alert, key) -> {
              throw new IllegalStateException("bug");
            });
    Outbox outbox = outbox(throwing).build();
    outbox.enqueue(alert("a1"), "bad", "k");
    assertThat(outbox.deliverDue().retried()).isEqualTo(1);
  }

  /** Thrown by a sink to stand for the process dying between claim and result. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void aDeliveryClaimedByAWorkerThatDiedIsRetriedAfterItsLease() {
    AlertSink dying =
        sink(
            "hook",
            (alert, key) -> {
              throw new Crash();
            });
    Outbox first = outbox(dying).build();
    first.enqueue(alert("a1"), "hook", "k");
    assertThatThrownBy(first::deliverDue).isInstanceOf(Crash.class);

    RecordingSink sink = new RecordingSink("hook");
    Outbox restarted = outbox(sink).build();
    assertThat(restarted.deliverDue().attempted()).as("still leased").isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(restarted.deliverDue().delivered()).isEqualTo(1);
    assertThat(sink.calls()).singleElement().extracting(c -> c.idempotencyKey()).isEqualTo("k");
  }

  @Test
  void twoWorkersOnOneStoreDoNotDeliverTheSameClaimTwice() {
    List<DeliveryReport> nested = new ArrayList<>();
    Outbox[] other = new Outbox[1];
    RecordingSink recording = new RecordingSink("hook");
    AlertSink reentrant =
        sink(
            "hook",
            (alert, key) -> {
              nested.add(other[0].deliverDue()); // another worker runs while this one delivers
              return recording.deliver(alert, key);
            });
    Outbox worker = outbox(reentrant).build();
    other[0] = outbox(recording).build();
    worker.enqueue(alert("a1"), "hook", "k");

    worker.deliverDue();

    assertThat(nested).singleElement().extracting(DeliveryReport::attempted).isEqualTo(0);
    assertThat(recording.calls()).hasSize(1);
  }

  @Test
  void unknownSinksAreRejected() {
    Outbox outbox = outbox(new RecordingSink("hook")).build();
    assertThatThrownBy(() -> outbox.enqueue(alert("a1"), "nope", "k"))
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> outbox().sink(new RecordingSink("x")).sink(new RecordingSink("x")))
        .isInstanceOf(MantissaException.class);
  }

  @Test
  void thePipelineRoutesNewAlertsAndStatusChangesThroughTheOutbox() {
    RecordingSink pager = new RecordingSink("pagerduty");
    RecordingSink chat = new RecordingSink("slack");
    Outbox outbox =
        outbox().sink(pager, RedactionPolicy.none()).sink(chat, RedactionPolicy.none()).build();
    AlertPipeline pipeline =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .outbox(outbox)
            .route("pagerduty", Severity.HIGH)
            .route("slack", Severity.LOW)
            .build();
    Detection.Builder d =
        Detection.builder().ruleId("r").title("t").time(Instant.EPOCH).entity(Entity.user("alice"));

    AlertRecord high =
        ((PipelineOutcome.Created) pipeline.process(d.severity(Severity.HIGH).build())).alert();
    pipeline.process(d.severity(Severity.HIGH).build()); // grouped: no new delivery
    pipeline.process(
        Detection.builder()
            .ruleId("r2")
            .title("t")
            .time(Instant.EPOCH)
            .severity(Severity.MEDIUM)
            .build());
    outbox.deliverDue();
    pipeline.updateStatus(high.id(), AlertStatus.RESOLVED, "me", "fixed");
    outbox.deliverDue();

    assertThat(pager.calls())
        .extracting(c -> c.alert().status())
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    assertThat(pager.calls().get(0).idempotencyKey()).isEqualTo(high.id() + "/pagerduty");
    assertThat(pager.calls().get(1).idempotencyKey())
        .startsWith(high.id() + "/pagerduty/resolved-");
    assertThat(chat.calls()).hasSize(3);
  }

  @Test
  void unacknowledgedCriticalAlertsEscalateOnce() {
    RecordingSink primary = new RecordingSink("pagerduty");
    RecordingSink secondary = new RecordingSink("pagerduty-secondary");
    Outbox outbox =
        outbox()
            .sink(primary, RedactionPolicy.none())
            .sink(secondary, RedactionPolicy.none())
            .build();
    AlertPipeline pipeline =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .outbox(outbox)
            .route("pagerduty", Severity.HIGH)
            .escalate(Severity.CRITICAL, Duration.ofMinutes(15), "pagerduty-secondary")
            .build();
    Detection.Builder d =
        Detection.builder().ruleId("r").title("t").time(Instant.EPOCH).severity(Severity.CRITICAL);
    AlertRecord ignored =
        ((PipelineOutcome.Created) pipeline.process(d.entity(Entity.user("alice")).build()))
            .alert();
    AlertRecord acked =
        ((PipelineOutcome.Created)
                pipeline.process(
                    Detection.builder()
                        .ruleId("r")
                        .title("t")
                        .time(Instant.EPOCH)
                        .severity(Severity.CRITICAL)
                        .entity(Entity.user("bob"))
                        .build()))
            .alert();
    pipeline.process(
        Detection.builder()
            .ruleId("r")
            .title("t")
            .time(Instant.EPOCH)
            .severity(Severity.HIGH)
            .entity(Entity.user("carol"))
            .build());
    pipeline.updateStatus(acked.id(), AlertStatus.ACKNOWLEDGED, "oncall", "on it");

    clock.advance(Duration.ofMinutes(14));
    assertThat(pipeline.escalateDue()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(pipeline.escalateDue()).isEqualTo(1);
    assertThat(pipeline.escalateDue()).as("only once").isZero();
    outbox.deliverDue();

    assertThat(secondary.calls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.alert().id()).isEqualTo(ignored.id());
              assertThat(c.alert().enrichment())
                  .containsEntry("escalation", "unacknowledged after PT15M");
              assertThat(c.idempotencyKey())
                  .isEqualTo(ignored.id() + "/pagerduty-secondary/escalation");
            });
    assertThat(pipeline.auditTrail(ignored.id()))
        .extracting(AuditRecord::action)
        .containsExactly("escalation:pagerduty-secondary");
  }

  @Test
  void escalationReadsOnlyOpenAlertsAndAReopenedAlertStillEscalates() {
    RecordingSink secondary = new RecordingSink("pagerduty-secondary");
    Outbox outbox = outbox().sink(secondary, RedactionPolicy.none()).build();
    AlertPipeline pipeline =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .outbox(outbox)
            .escalate(Severity.CRITICAL, Duration.ofMinutes(15), "pagerduty-secondary")
            .build();
    Detection.Builder d =
        Detection.builder().ruleId("r").title("t").time(Instant.EPOCH).severity(Severity.CRITICAL);
    AlertRecord reopened =
        ((PipelineOutcome.Created) pipeline.process(d.entity(Entity.user("alice")).build()))
            .alert();
    pipeline.updateStatus(reopened.id(), AlertStatus.RESOLVED, "oncall", "done");
    pipeline.escalateDue();
    assertThat(store.scan(Keys.ESCALATION_PENDING, 10))
        .as("a closed alert is no longer read by the escalation pass")
        .isEmpty();

    pipeline.updateStatus(reopened.id(), AlertStatus.OPEN, "oncall", "not done after all");
    clock.advance(Duration.ofMinutes(15));
    assertThat(pipeline.escalateDue()).isEqualTo(1);
    assertThat(store.scan(Keys.ESCALATION_PENDING, 10))
        .as("escalated everywhere it can be")
        .isEmpty();
    assertThat(pipeline.escalateDue()).as("only once").isZero();
    outbox.deliverDue();
    assertThat(secondary.calls())
        .singleElement()
        .satisfies(c -> assertThat(c.alert().id()).isEqualTo(reopened.id()));
  }

  @Test
  void deliveriesOfOneAlertToOneSinkKeepTheirOrderAcrossRetries() {
    RecordingSink pager = new RecordingSink("pagerduty").thenAnswer(RecordingSink.retryable());
    RecordingSink chat = new RecordingSink("slack");
    Outbox outbox = outbox(pager, chat).build();
    Alert open = alert("a1");
    Alert resolved = open.toBuilder().status(AlertStatus.RESOLVED).build();
    outbox.enqueue(open, "pagerduty", "a1/pagerduty", 0);
    outbox.enqueue(resolved, "pagerduty", "a1/pagerduty/resolved-2", 2);
    outbox.enqueue(open, "slack", "a1/slack", 0);
    outbox.enqueue(alert("a2"), "pagerduty", "a2/pagerduty", 0);

    DeliveryReport first = outbox.deliverDue();

    assertThat(first.retried()).isEqualTo(1);
    assertThat(first.delivered()).as("slack and the other alert are not held up").isEqualTo(2);
    assertThat(pager.calls())
        .extracting(c -> c.idempotencyKey())
        .containsExactlyInAnyOrder("a1/pagerduty", "a2/pagerduty");

    clock.advance(Duration.ofMinutes(1));
    outbox.deliverDue();
    outbox.deliverDue();

    assertThat(pager.calls())
        .extracting(c -> c.idempotencyKey())
        .filteredOn(k -> k.startsWith("a1/"))
        .containsExactly("a1/pagerduty", "a1/pagerduty", "a1/pagerduty/resolved-2");
    assertThat(outbox.pending()).isZero();
  }

  /** A sink named {@code name} that delivers with {@code deliver}. */
  private static AlertSink sink(String name, BiFunction<Alert, String, DeliveryResult> deliver) {
    return new AlertSink() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public DeliveryResult deliver(Alert alert, String key) {
        return deliver.apply(alert, key);
      }
    };
  }
}
