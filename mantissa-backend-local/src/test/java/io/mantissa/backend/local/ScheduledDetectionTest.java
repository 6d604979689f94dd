package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.sigma.SigmaCollection;
import io.mantissa.sigma.SigmaParser;
import io.mantissa.sigma.schedule.DetectionFailure;
import io.mantissa.sigma.schedule.RuleDetection;
import io.mantissa.sigma.schedule.RunReport;
import io.mantissa.sigma.schedule.ScheduledDetection;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScheduledDetection} (mantissa-sigma) on the real local lake ({@link LocalQueryBackend}
 * over files written by {@link LocalEventStore}) with the SQLite {@link StateStore}, driven by a
 * {@link MutableClock}. It lives here because mantissa-sigma cannot depend on this module (this
 * module depends on mantissa-sigma).
 */
class ScheduledDetectionTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  static final String RULES =
      """
      title: Okta failed sign-in
      id: 5b0e5c8e-1111-4a8e-9a55-000000000001
      name: okta_failed_sign_in
      logsource:
          product: okta
      detection:
          selection:
              eventType: user.session.start
              outcome.result: FAILURE
          condition: selection
      ---
      title: Okta sign-in keyword
      id: 5b0e5c8e-1111-4a8e-9a55-000000000002
      logsource:
          product: okta
      detection:
          keywords:
              - 'Salesforce'
          condition: keywords
      ---
      title: Okta brute force
      id: 5b0e5c8e-1111-4a8e-9a55-000000000003
      correlation:
          type: event_count
          rules:
              - okta_failed_sign_in
          group-by:
              - actor.alternateId
          timespan: 10m
          condition:
              gte: 3
          generate: true
      """;

  @TempDir Path dir;
  MutableClock clock;
  LocalEventStore lake;
  LocalQueryBackend backend;
  StateStore state;

  @BeforeEach
  void open() {
    clock = MutableClock.at(T0);
    lake = LocalEventStore.open(dir, clock);
    backend = LocalQueryBackend.open(dir);
    state =
        new LocalStateStoreProvider()
            .create(
                new ProviderContext(
                    MantissaConfig.builder().dataDir(dir).build(), clock, Map.of()));
  }

  @AfterEach
  void close() {
    state.close();
    backend.close();
    lake.close();
  }

  ScheduledDetection detection(StateStore store) {
    SigmaCollection rules = new SigmaParser().parse(RULES, "scheduled.yml");
    return ScheduledDetection.builder(backend, store)
        .rules(List.of(rules))
        .mapping(FieldMapping.lake())
        .clock(clock)
        .lookback(Duration.ofMinutes(10))
        .settleDelay(Duration.ofMinutes(1))
        .initialWindow(Duration.ofHours(1))
        .build();
  }

  void failure(String id, Instant time, String user) {
    append(TestEvents.okta(id, time, user, "FAILURE"));
  }

  void append(Event... events) {
    lake.append("okta", List.of(events));
  }

  static List<String> ids(RunReport report, String ruleKey) {
    List<String> ids = new ArrayList<>();
    for (RuleDetection d : report.detections()) {
      if (d.ruleKey().equals(ruleKey)) {
        for (int i = 0; i < d.rows().size(); i++) {
          ids.add(String.valueOf(d.value(i, "id")));
        }
      }
    }
    return ids;
  }

  static final String FAILED = "5b0e5c8e-1111-4a8e-9a55-000000000001";
  static final String BRUTE = "5b0e5c8e-1111-4a8e-9a55-000000000003";

  @Test
  void runsIncrementallyWithoutGapsOrDoubleReportsAndReportsLateEventsOnce() {
    ScheduledDetection runner = detection(state);
    failure("a1", T0.minusSeconds(120), "alice@example.com");
    append(TestEvents.okta("ok1", T0.minusSeconds(100), "alice@example.com", "SUCCESS"));
    // not yet settled: 10:00:30 is after now - settle delay
    failure("a2", T0.plusSeconds(30), "alice@example.com");

    RunReport first = runner.run();
    assertThat(ids(first, FAILED)).containsExactly("a1");
    assertThat(first.end()).isEqualTo(T0.minusSeconds(60));
    assertThat(state.get(ScheduledDetection.WATERMARK_PREFIX + FAILED).map(StateEntry::value))
        .contains(T0.minusSeconds(60).toString());

    // the same instant again: an empty window, nothing queried, nothing reported
    RunReport same = runner.run();
    assertThat(same.detections()).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    failure("a3", T0.plusSeconds(150), "alice@example.com");
    RunReport second = runner.run();
    // a1 is in the lookback overlap but was reported; a2 has settled now; a3 is new
    assertThat(ids(second, FAILED)).containsExactlyInAnyOrder("a2", "a3");

    // a late event: event time before the watermark (10:04), within the lookback
    failure("late1", T0.plusSeconds(60), "carol@example.com");
    clock.advance(Duration.ofMinutes(5));
    RunReport third = runner.run();
    assertThat(ids(third, FAILED)).containsExactly("late1");
    clock.advance(Duration.ofMinutes(5));
    assertThat(ids(runner.run(), FAILED)).isEmpty();

    // later than the lookback: event time 09:30 when the watermark is 10:14 is not seen
    failure("too-late", T0.minusSeconds(1800), "dave@example.com");
    clock.advance(Duration.ofMinutes(5));
    assertThat(ids(runner.run(), FAILED)).isEmpty();
  }

  @Test
  void aRuleThatCannotBeConvertedIsReportedAndTheOthersRun() {
    failure("a1", T0.minusSeconds(120), "alice@example.com");
    RunReport report = detection(state).run();
    assertThat(report.failures()).hasSize(1);
    DetectionFailure f = report.failures().get(0);
    assertThat(f.stage()).isEqualTo(DetectionFailure.Stage.CONVERT);
    assertThat(f.rule().title()).isEqualTo("Okta sign-in keyword");
    assertThat(f.reason())
        .contains("Okta sign-in keyword")
        .contains("keyword (field-less) search")
        .contains("cannot be converted to DUCKDB SQL");
    assertThat(ids(report, FAILED)).containsExactly("a1");
    assertThat(report.rulesRun()).isEqualTo(2);
  }

  @Test
  void aSinkFailureBeforeTheWatermarkUpdateLosesNothing() {
    ScheduledDetection runner = detection(state);
    failure("a1", T0.minusSeconds(300), "alice@example.com");
    failure("a2", T0.minusSeconds(240), "bob@example.com");
    AtomicInteger calls = new AtomicInteger();
    RunReport crashed =
        runner.run(
            d -> {
              calls.incrementAndGet();
              throw new IllegalStateException("alert pipeline down");
            });
    assertThat(calls.get()).isEqualTo(1);
    assertThat(crashed.detections()).isEmpty();
    assertThat(crashed.failures())
        .anySatisfy(
            f -> {
              assertThat(f.stage()).isEqualTo(DetectionFailure.Stage.DELIVER);
              assertThat(f.reason()).contains("alert pipeline down");
            });
    assertThat(state.get(ScheduledDetection.WATERMARK_PREFIX + FAILED)).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    List<RuleDetection> delivered = new ArrayList<>();
    RunReport retried = runner.run(delivered::add);
    assertThat(ids(retried, FAILED)).containsExactlyInAnyOrder("a1", "a2");
    assertThat(delivered).isEqualTo(retried.detections());
    clock.advance(Duration.ofMinutes(1));
    assertThat(ids(runner.run(), FAILED)).isEmpty();
  }

  @Test
  void aCrashBetweenRememberingRowsAndTheWatermarkUpdateDoesNotReportTwice() {
    failure("a1", T0.minusSeconds(300), "alice@example.com");
    // a real SQLite store whose watermark writes fail once, as if the process died there
    FailingWatermarks failing = new FailingWatermarks(state);
    RunReport crashed = detection(failing).run();
    assertThat(ids(crashed, FAILED)).containsExactly("a1");
    assertThat(crashed.failures())
        .anySatisfy(f -> assertThat(f.stage()).isEqualTo(DetectionFailure.Stage.STATE));
    assertThat(state.get(ScheduledDetection.WATERMARK_PREFIX + FAILED)).isEmpty();

    // a new process: same window queried again, the remembered row is not reported again
    clock.advance(Duration.ofMinutes(1));
    failure("a2", T0.minusSeconds(30), "alice@example.com");
    RunReport next = detection(state).run();
    assertThat(ids(next, FAILED)).containsExactly("a2");
    assertThat(next.failures()).noneMatch(f -> f.stage() == DetectionFailure.Stage.STATE);
    assertThat(state.get(ScheduledDetection.WATERMARK_PREFIX + FAILED)).isPresent();
  }

  @Test
  void correlationsFireOncePerBucketAndGroupEvenWhenLateEventsRaiseTheCount() {
    ScheduledDetection runner = detection(state);
    // bucket [09:40, 09:50): three failures for bob, two for alice
    failure("b1", T0.minusSeconds(1150), "bob@example.com");
    failure("b2", T0.minusSeconds(1000), "bob@example.com");
    failure("b3", T0.minusSeconds(700), "bob@example.com");
    failure("c1", T0.minusSeconds(900), "alice@example.com");
    failure("c2", T0.minusSeconds(800), "alice@example.com");
    RunReport first = runner.run();
    List<RuleDetection> corr =
        first.detections().stream().filter(d -> d.ruleKey().equals(BRUTE)).toList();
    assertThat(corr).hasSize(1);
    assertThat(corr.get(0).correlation()).isTrue();
    assertThat(corr.get(0).rows()).hasSize(1);
    assertThat(corr.get(0).value(0, "actor.alternateId")).isEqualTo("bob@example.com");
    assertThat(((Number) corr.get(0).value(0, "event_count")).longValue()).isEqualTo(3);
    // only complete buckets: the watermark is the bucket boundary 09:50
    assertThat(state.get(ScheduledDetection.WATERMARK_PREFIX + BRUTE).map(StateEntry::value))
        .contains(Instant.parse("2026-11-20T09:50:00Z").toString());

    // late: a fourth failure for bob and a third for alice in the same bucket
    failure("b4", T0.minusSeconds(650), "bob@example.com");
    failure("c3", T0.minusSeconds(660), "alice@example.com");
    clock.advance(Duration.ofMinutes(10));
    RunReport second = runner.run();
    List<RuleDetection> late =
        second.detections().stream().filter(d -> d.ruleKey().equals(BRUTE)).toList();
    assertThat(late).hasSize(1);
    assertThat(late.get(0).rows()).hasSize(1);
    assertThat(late.get(0).value(0, "actor.alternateId")).isEqualTo("alice@example.com");
  }

  static final String ORDERED =
      """
      title: Okta failed sign-in
      id: 5b0e5c8e-1111-4a8e-9a55-000000000001
      name: okta_failed_sign_in
      logsource:
          product: okta
      detection:
          selection:
              eventType: user.session.start
              outcome.result: FAILURE
          condition: selection
      ---
      title: Okta sign-in
      id: 5b0e5c8e-1111-4a8e-9a55-000000000004
      name: okta_sign_in
      logsource:
          product: okta
      detection:
          selection:
              eventType: user.session.start
              outcome.result: SUCCESS
          condition: selection
      ---
      title: Okta sign-in after a failure
      id: 5b0e5c8e-1111-4a8e-9a55-000000000005
      correlation:
          type: temporal_ordered
          rules:
              - okta_failed_sign_in
              - okta_sign_in
          group-by:
              - actor.alternateId
          timespan: 10m
      """;

  static final String AFTER_FAILURE = "5b0e5c8e-1111-4a8e-9a55-000000000005";

  static List<String> sequences(RunReport report) {
    List<String> out = new ArrayList<>();
    for (RuleDetection d : report.detections()) {
      if (d.ruleKey().equals(AFTER_FAILURE)) {
        assertThat(d.correlation()).isTrue();
        for (int i = 0; i < d.rows().size(); i++) {
          out.add(
              d.value(i, "actor.alternateId")
                  + " "
                  + d.value(i, "first_id")
                  + " "
                  + d.value(i, "last_id"));
        }
      }
    }
    return out;
  }

  @Test
  void temporalOrderedCorrelationsRunAndReportEachSequenceOnceAcrossTheWatermark() {
    ScheduledDetection runner =
        ScheduledDetection.builder(backend, state)
            .rules(List.of(new SigmaParser().parse(ORDERED, "ordered.yml")))
            .mapping(FieldMapping.lake())
            .clock(clock)
            .lookback(Duration.ofMinutes(10))
            .settleDelay(Duration.ofMinutes(1))
            .initialWindow(Duration.ofHours(1))
            .build();
    failure("f1", Instant.parse("2026-11-20T09:41:00Z"), "alice@example.com");
    append(
        TestEvents.okta(
            "s1", Instant.parse("2026-11-20T09:45:00Z"), "alice@example.com", "SUCCESS"));
    // bob's failure is before the watermark (09:50), his sign-in after it
    failure("f2", Instant.parse("2026-11-20T09:48:00Z"), "bob@example.com");
    append(
        TestEvents.okta("s2", Instant.parse("2026-11-20T09:53:00Z"), "bob@example.com", "SUCCESS"));
    // carol signs in first, fails after: the wrong order
    append(
        TestEvents.okta(
            "s3", Instant.parse("2026-11-20T09:42:00Z"), "carol@example.com", "SUCCESS"));
    failure("f3", Instant.parse("2026-11-20T09:44:00Z"), "carol@example.com");

    RunReport first = runner.run();
    assertThat(first.failures()).isEmpty();
    assertThat(sequences(first)).containsExactly("alice@example.com f1 s1");

    clock.advance(Duration.ofMinutes(10));
    assertThat(sequences(runner.run())).containsExactly("bob@example.com f2 s2");
    clock.advance(Duration.ofMinutes(10));
    assertThat(sequences(runner.run())).isEmpty();
  }

  static final String STEPS =
      """
      title: Okta failed sign-in
      id: 5b0e5c8e-1111-4a8e-9a55-000000000001
      name: okta_failed_sign_in
      logsource:
          product: okta
      detection:
          selection:
              eventType: user.session.start
              outcome.result: FAILURE
          condition: selection
      ---
      title: Okta sign-in
      id: 5b0e5c8e-1111-4a8e-9a55-000000000004
      name: okta_sign_in
      logsource:
          product: okta
      detection:
          selection:
              eventType: user.session.start
              outcome.result: SUCCESS
          condition: selection
      ---
      title: Okta failure, sign-in, failure
      id: 5b0e5c8e-1111-4a8e-9a55-000000000006
      correlation:
          type: temporal_ordered
          rules:
              - okta_failed_sign_in
              - okta_sign_in
              - okta_failed_sign_in
          group-by:
              - actor.alternateId
          timespan: 10m
      ---
      title: Every Okta sign-in
      id: 5b0e5c8e-1111-4a8e-9a55-000000000007
      correlation:
          type: temporal_ordered
          rules:
              - okta_sign_in
          group-by:
              - actor.alternateId
          timespan: 5m
      """;

  static List<String> firings(RunReport report, String ruleKey) {
    List<String> out = new ArrayList<>();
    for (RuleDetection d : report.detections()) {
      if (d.ruleKey().equals(ruleKey)) {
        assertThat(d.correlation()).isTrue();
        for (int i = 0; i < d.rows().size(); i++) {
          StringBuilder sb = new StringBuilder(String.valueOf(d.value(i, "actor.alternateId")));
          sb.append(' ').append(d.value(i, "first_id"));
          if (d.columns().stream().anyMatch(c -> c.name().equals("step_2_id"))) {
            sb.append(' ').append(d.value(i, "step_2_id"));
          }
          sb.append(' ').append(d.value(i, "last_id"));
          out.add(sb.toString());
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void temporalOrderedCorrelationsOfOneAndThreeRulesRunAcrossTheWatermark() {
    ScheduledDetection runner =
        ScheduledDetection.builder(backend, state)
            .rules(List.of(new SigmaParser().parse(STEPS, "steps.yml")))
            .mapping(FieldMapping.lake())
            .clock(clock)
            .lookback(Duration.ofMinutes(10))
            .settleDelay(Duration.ofMinutes(1))
            .initialWindow(Duration.ofHours(1))
            .build();
    String alice = "alice@example.com";
    String bob = "bob@example.com";
    String dave = "dave@example.com";
    String erin = "erin@example.com";
    failure("a1", Instant.parse("2026-11-20T09:41:00Z"), alice);
    append(TestEvents.okta("a2", Instant.parse("2026-11-20T09:43:00Z"), alice, "SUCCESS"));
    failure("a3", Instant.parse("2026-11-20T09:45:00Z"), alice);
    // bob's first two steps are before the watermark (09:50), his last after it
    failure("b1", Instant.parse("2026-11-20T09:46:00Z"), bob);
    append(TestEvents.okta("b2", Instant.parse("2026-11-20T09:48:00Z"), bob, "SUCCESS"));
    failure("b3", Instant.parse("2026-11-20T09:53:00Z"), bob);
    // dave: the sign-in comes first
    append(TestEvents.okta("d1", Instant.parse("2026-11-20T09:42:00Z"), dave, "SUCCESS"));
    failure("d2", Instant.parse("2026-11-20T09:43:00Z"), dave);
    failure("d3", Instant.parse("2026-11-20T09:44:00Z"), dave);
    append(TestEvents.okta("e1", Instant.parse("2026-11-20T09:56:00Z"), erin, "SUCCESS"));

    String three = "5b0e5c8e-1111-4a8e-9a55-000000000006";
    String one = "5b0e5c8e-1111-4a8e-9a55-000000000007";
    RunReport first = runner.run();
    assertThat(first.failures()).isEmpty();
    assertThat(firings(first, three)).containsExactly(alice + " a1 a2 a3");
    assertThat(firings(first, one))
        .containsExactly(alice + " a2 a2", bob + " b2 b2", dave + " d1 d1");

    clock.advance(Duration.ofMinutes(10));
    RunReport second = runner.run();
    assertThat(second.failures()).isEmpty();
    assertThat(firings(second, three)).containsExactly(bob + " b1 b2 b3");
    assertThat(firings(second, one)).containsExactly(erin + " e1 e1");
    clock.advance(Duration.ofMinutes(10));
    RunReport third = runner.run();
    assertThat(firings(third, three)).isEmpty();
    assertThat(firings(third, one)).isEmpty();
  }

  /** Delegates to a real store; the first watermark write fails. */
  static final class FailingWatermarks implements StateStore {
    private final StateStore delegate;
    private boolean failed;

    FailingWatermarks(StateStore delegate) {
      this.delegate = delegate;
    }

    private void maybeFail(String key) {
      if (key.startsWith(ScheduledDetection.WATERMARK_PREFIX) && !failed) {
        failed = true;
        throw new IllegalStateException("process died");
      }
    }

    @Override
    public Optional<StateEntry> get(String key) {
      return delegate.get(key);
    }

    @Override
    public StateEntry put(String key, String value) {
      maybeFail(key);
      return delegate.put(key, value);
    }

    @Override
    public StateEntry put(String key, String value, Duration ttl) {
      maybeFail(key);
      return delegate.put(key, value, ttl);
    }

    @Override
    public Optional<StateEntry> putIfAbsent(String key, String value) {
      maybeFail(key);
      return delegate.putIfAbsent(key, value);
    }

    @Override
    public Optional<StateEntry> putIfAbsent(String key, String value, Duration ttl) {
      maybeFail(key);
      return delegate.putIfAbsent(key, value, ttl);
    }

    @Override
    public Optional<StateEntry> compareAndSet(String key, long expectedVersion, String value) {
      maybeFail(key);
      return delegate.compareAndSet(key, expectedVersion, value);
    }

    @Override
    public Optional<StateEntry> compareAndSet(
        String key, long expectedVersion, String value, Duration ttl) {
      maybeFail(key);
      return delegate.compareAndSet(key, expectedVersion, value, ttl);
    }

    @Override
    public boolean delete(String key) {
      return delegate.delete(key);
    }

    @Override
    public java.util.List<StateEntry> scan(String prefix, int limit) {
      return delegate.scan(prefix, limit);
    }

    @Override
    public void close() {}
  }
}
