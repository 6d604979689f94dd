package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlertPipelineTest {
  private final MutableClock clock = MutableClock.create();
  private final InMemoryStateStore store = new InMemoryStateStore(clock);
  private final AtomicInteger seq = new AtomicInteger();
  private final List<AlertRecord> created = new ArrayList<>();
  private final AlertPipeline pipeline =
      AlertPipeline.builder()
          .stateStore(store)
          .clock(clock)
          .ids(() -> "a" + seq.incrementAndGet())
          .groupWindow(Duration.ofMinutes(30))
          .listener(created::add)
          .build();

  private static Detection.Builder bruteForce(String user, String ip) {
    return Detection.builder()
        .ruleId("okta-brute-force")
        .title("Brute force against " + user)
        .severity(Severity.HIGH)
        .time(Instant.parse("2025-12-31T23:59:00Z"))
        .entity(Entity.user(user))
        .entity(Entity.ip(ip))
        .eventId("evt-" + user + "-" + ip)
        .tag("attack.t1110");
  }

  @Test
  void newDetectionCreatesAnOpenAlertStoredUnderItsId() {
    PipelineOutcome outcome = pipeline.process(bruteForce("alice", "203.0.113.7").build());

    assertThat(outcome).isInstanceOf(PipelineOutcome.Created.class);
    AlertRecord r = ((PipelineOutcome.Created) outcome).alert();
    assertThat(r.alert().status()).isEqualTo(AlertStatus.OPEN);
    assertThat(r.alert().dedupKey()).isEqualTo("okta-brute-force|ip:203.0.113.7|user:alice");
    assertThat(r.alert().attackTags()).containsExactly("attack.t1110");
    assertThat(r.count()).isEqualTo(1);
    assertThat(store.get("alert/" + r.id())).isPresent();
    assertThat(store.scan("dedup/", 10)).hasSize(1);
    assertThat(pipeline.get(r.id())).contains(r);
    assertThat(created).containsExactly(r);
  }

  @Test
  void alertsAreKeptWithoutExpiryWhileDedupEntriesEndWithTheirWindow() {
    AlertRecord r =
        ((PipelineOutcome.Created) pipeline.process(bruteForce("alice", "203.0.113.7").build()))
            .alert();

    clock.advance(Duration.ofDays(3 * 365));

    assertThat(pipeline.get(r.id())).as("an open alert nobody handled never vanishes").isPresent();
    assertThat(store.scan("dedup/", 10)).isEmpty();
    assertThat(pipeline.updateStatus(r.id(), AlertStatus.RESOLVED, "me", "old").status())
        .isEqualTo(AlertStatus.RESOLVED);
    assertThat(pipeline.auditTrail(r.id())).hasSize(1);
  }

  @Test
  void anOptInRetentionExpiresAlertDocuments() {
    AlertPipeline retaining =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .ids(() -> "r" + seq.incrementAndGet())
            .retention(Duration.ofDays(90))
            .build();
    AlertRecord r =
        ((PipelineOutcome.Created) retaining.process(bruteForce("bob", "203.0.113.8").build()))
            .alert();

    clock.advance(Duration.ofDays(89));
    retaining.updateStatus(r.id(), AlertStatus.ACKNOWLEDGED, "me", "on it");
    clock.advance(Duration.ofDays(89));
    assertThat(retaining.get(r.id())).as("retention runs from the last change").isPresent();
    clock.advance(Duration.ofDays(2));
    assertThat(retaining.get(r.id())).isEmpty();
  }

  @Test
  void repeatsAreGroupedWithCountAndLastSeen() {
    pipeline.process(bruteForce("alice", "203.0.113.7").build());
    clock.advance(Duration.ofMinutes(10));
    PipelineOutcome second =
        pipeline.process(
            bruteForce("alice", "203.0.113.7")
                .time(Instant.parse("2026-01-01T00:09:00Z"))
                .eventId("evt-2")
                .severity(Severity.CRITICAL)
                .build());

    assertThat(second).isInstanceOf(PipelineOutcome.Grouped.class);
    AlertRecord r = ((PipelineOutcome.Grouped) second).alert();
    assertThat(r.count()).isEqualTo(2);
    assertThat(r.lastSeen()).isEqualTo(Instant.parse("2026-01-01T00:09:00Z"));
    assertThat(r.alert().time()).isEqualTo(Instant.parse("2025-12-31T23:59:00Z"));
    assertThat(r.alert().eventIds()).containsExactly("evt-alice-203.0.113.7", "evt-2");
    assertThat(r.alert().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(pipeline.list(10)).hasSize(1);
    assertThat(created).hasSize(1);
  }

  @Test
  void oneUsersAlertNeverHidesAnothers() {
    PipelineOutcome alice = pipeline.process(bruteForce("alice", "203.0.113.7").build());
    PipelineOutcome bob = pipeline.process(bruteForce("bob", "203.0.113.7").build());

    assertThat(alice).isInstanceOf(PipelineOutcome.Created.class);
    assertThat(bob).isInstanceOf(PipelineOutcome.Created.class);
    assertThat(pipeline.list(10)).hasSize(2);
  }

  @Test
  void valuesCannotImitateTheSeparatorOfTheDedupKey() {
    Detection a =
        Detection.builder()
            .ruleId("r")
            .title("t")
            .severity(Severity.LOW)
            .time(Instant.EPOCH)
            .entity(Entity.user("a|user:b"))
            .build();
    Detection b =
        Detection.builder()
            .ruleId("r")
            .title("t")
            .severity(Severity.LOW)
            .time(Instant.EPOCH)
            .entity(Entity.user("a"))
            .entity(Entity.user("b"))
            .build();
    assertThat(pipeline.process(a)).isInstanceOf(PipelineOutcome.Created.class);
    assertThat(pipeline.process(b)).isInstanceOf(PipelineOutcome.Created.class);
  }

  @Test
  void dedupEntityTypesAreConfigurablePerRule() {
    Detection first = bruteForce("alice", "203.0.113.7").dedupBy(EntityType.USER).build();
    Detection otherIp = bruteForce("alice", "198.51.100.9").dedupBy(EntityType.USER).build();

    pipeline.process(first);
    PipelineOutcome second = pipeline.process(otherIp);

    assertThat(second).isInstanceOf(PipelineOutcome.Grouped.class);
    assertThat(((PipelineOutcome.Grouped) second).alert().alert().dedupKey())
        .isEqualTo("okta-brute-force|user:alice");
  }

  @Test
  void thePipelineCanOverrideARulesDedupEntities() {
    AlertPipeline p =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .dedupBy("okta-brute-force", java.util.Set.of(EntityType.IP))
            .build();
    p.process(bruteForce("alice", "203.0.113.7").build());
    PipelineOutcome bob = p.process(bruteForce("bob", "203.0.113.7").build());
    assertThat(bob).isInstanceOf(PipelineOutcome.Grouped.class);
    AlertRecord r = ((PipelineOutcome.Grouped) bob).alert();
    assertThat(r.alert().dedupKey()).isEqualTo("okta-brute-force|ip:203.0.113.7");
    assertThat(r.dedupEntities()).containsExactly(Entity.ip("203.0.113.7"));
  }

  @Test
  void aRepeatAfterTheGroupingWindowCreatesANewAlert() {
    pipeline.process(bruteForce("alice", "203.0.113.7").build());
    clock.advance(Duration.ofMinutes(29));
    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Grouped.class);
    clock.advance(Duration.ofMinutes(29)); // window runs from the last detection
    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Grouped.class);
    clock.advance(Duration.ofMinutes(31));
    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Created.class);
  }

  @Test
  void groupingWindowIsConfigurablePerRule() {
    AlertPipeline p =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .groupWindow(Duration.ofHours(1))
            .groupWindow("okta-brute-force", Duration.ofMinutes(5))
            .build();
    p.process(bruteForce("alice", "203.0.113.7").build());
    clock.advance(Duration.ofMinutes(6));
    assertThat(p.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Created.class);
  }

  @Test
  void acknowledgedAlertsStillGroupButResolvedOnesDoNotReopen() {
    AlertRecord first =
        ((PipelineOutcome.Created) pipeline.process(bruteForce("alice", "203.0.113.7").build()))
            .alert();
    pipeline.updateStatus(first.id(), AlertStatus.ACKNOWLEDGED, "oncall@example.com", "looking");
    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Grouped.class);

    pipeline.updateStatus(first.id(), AlertStatus.RESOLVED, "oncall@example.com", "reset pw");
    PipelineOutcome after = pipeline.process(bruteForce("alice", "203.0.113.7").build());

    assertThat(after).isInstanceOf(PipelineOutcome.Created.class);
    assertThat(pipeline.get(first.id()).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(pipeline.get(first.id()).orElseThrow().count()).isEqualTo(2);
    assertThat(pipeline.auditTrail(first.id()))
        .extracting(AuditRecord::action)
        .containsExactly("status:acknowledged", "status:resolved");
  }

  @Test
  void statusOfAnUnknownAlertIsAnError() {
    assertThatThrownBy(() -> pipeline.updateStatus("nope", AlertStatus.RESOLVED, "me", ""))
        .isInstanceOf(MantissaException.class)
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void suppressionWindowsDropMatchingDetectionsOnlyWhileOpen() {
    Instant now = clock.instant();
    pipeline.addSuppression(
        new Suppression(
            "maint-1",
            "okta-brute-force",
            List.of(Entity.ip("203.0.113.7")),
            now,
            now.plus(Duration.ofHours(2)),
            "pen test",
            "lead@example.com"));

    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Suppressed.class);
    assertThat(pipeline.process(bruteForce("alice", "198.51.100.9").build()))
        .isInstanceOf(PipelineOutcome.Created.class);
    clock.advance(Duration.ofHours(2));
    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Created.class);
    assertThat(pipeline.globalAuditTrail())
        .extracting(AuditRecord::action, AuditRecord::actor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("suppression:add", "lead@example.com"));
  }

  @Test
  void falsePositiveAddsAScopedExceptionWithAnAuditRecord() {
    AlertRecord alice =
        ((PipelineOutcome.Created) pipeline.process(bruteForce("alice", "203.0.113.7").build()))
            .alert();

    pipeline.markFalsePositive(alice.id(), "analyst@example.com", "VPN egress", Duration.ofDays(7));

    assertThat(pipeline.get(alice.id()).orElseThrow().status())
        .isEqualTo(AlertStatus.FALSE_POSITIVE);
    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Suppressed.class);
    assertThat(pipeline.process(bruteForce("bob", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Created.class);
    assertThat(pipeline.suppressions("okta-brute-force"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.entities())
                  .containsExactlyInAnyOrder(Entity.user("alice"), Entity.ip("203.0.113.7"));
              assertThat(s.until()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
              assertThat(s.createdBy()).isEqualTo("analyst@example.com");
            });
    assertThat(pipeline.auditTrail(alice.id()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.action()).isEqualTo("status:false_positive");
              assertThat(a.actor()).isEqualTo("analyst@example.com");
              assertThat(a.detail()).isEqualTo("VPN egress");
            });
    clock.advance(Duration.ofDays(7));
    assertThat(pipeline.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Created.class);
  }

  @Test
  void twoPipelinesOnOneStoreNeverCreateTwoAlertsForOneKey() throws Exception {
    AlertPipeline other = AlertPipeline.builder().stateStore(store).clock(clock).build();
    AlertPipeline mine = AlertPipeline.builder().stateStore(store).clock(clock).build();
    int perPipeline = 200;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<PipelineOutcome>> results = new ArrayList<>();
    try {
      for (int i = 0; i < perPipeline * 2; i++) {
        AlertPipeline p = i % 2 == 0 ? mine : other;
        Detection d = bruteForce("alice", "203.0.113.7").eventId("e" + i).build();
        Callable<PipelineOutcome> task =
            () -> {
              start.await();
              return p.process(d);
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      int createdCount = 0;
      for (Future<PipelineOutcome> f : results) {
        if (f.get(30, TimeUnit.SECONDS) instanceof PipelineOutcome.Created) {
          createdCount++;
        }
      }
      assertThat(createdCount).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(mine.list(10)).singleElement().extracting(AlertRecord::count).isEqualTo(400L);
  }

  @Test
  void racingPipelinesScheduleExactlyOneDeliveryPerAlert() throws Exception {
    Outbox outbox =
        Outbox.builder()
            .stateStore(store)
            .clock(clock)
            .random(new java.util.Random(3))
            .sink(new RecordingSink("hook"))
            .build();
    List<AlertPipeline> pipelines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pipelines.add(
          AlertPipeline.builder()
              .stateStore(store)
              .clock(clock)
              .outbox(outbox)
              .route("hook", Severity.LOW)
              .build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<PipelineOutcome>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        AlertPipeline p = pipelines.get(i % 4);
        String user = i % 2 == 0 ? "alice" : "bob";
        Callable<PipelineOutcome> task =
            () -> {
              start.await();
              return p.process(bruteForce(user, "203.0.113.7").build());
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<PipelineOutcome> f : results) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(pipelines.get(0).list(10)).hasSize(2);
    assertThat(outbox.pending()).isEqualTo(2);
    assertThat(outbox.deliverDue().delivered()).isEqualTo(2);
  }

  @Test
  void aFailingListenerDoesNotUndoTheAlert() {
    AlertPipeline p =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .listener(
                r -> {
                  throw new IllegalStateException("boom");
                })
            .build();
    assertThat(p.process(bruteForce("alice", "203.0.113.7").build()))
        .isInstanceOf(PipelineOutcome.Created.class);
    assertThat(p.list(10)).hasSize(1);
  }

  @Test
  void detectionsAreValidated() {
    assertThatThrownBy(
            () ->
                Detection.builder()
                    .ruleId(" ")
                    .title("t")
                    .severity(Severity.LOW)
                    .time(Instant.EPOCH)
                    .build())
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(
            () ->
                Detection.builder()
                    .ruleId("r")
                    .title("t")
                    .severity(Severity.LOW)
                    .time(Instant.EPOCH)
                    .dedupBy(java.util.Set.of())
                    .build())
        .isInstanceOf(MantissaException.class);
  }
}
