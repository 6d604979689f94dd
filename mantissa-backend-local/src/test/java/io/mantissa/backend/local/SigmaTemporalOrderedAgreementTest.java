package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.TimeRange;
import io.mantissa.sigma.CorrelationEngine;
import io.mantissa.sigma.CorrelationMatch;
import io.mantissa.sigma.SigmaCollection;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sigma.SigmaParser;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.sigma.sql.SqlConverter;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * temporal_ordered correlations: the DuckDB SQL of {@link SqlConverter} on the real local lake
 * returns exactly the firings of the in-memory {@link CorrelationEngine} fed the same events in
 * time order (ties by event id, the order the SQL uses): window start, group, window end and every
 * reported event id (those of the chain that fired, in step order). Hand-written sequences cover
 * steps in the wrong order, the timespan boundary, equal timestamps, repeated steps, an event
 * matching both rules and interleaved groups; seeded random sequences (written to the lake in
 * shuffled order) cover the rest.
 */
class SigmaTemporalOrderedAgreementTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  /**
   * Step rules: a failure (any event type) and a sign-in (any outcome), so a failed sign-in matches
   * both. Three correlations: failure then sign-in per user within 5 minutes; a failure then a
   * failure within 2 minutes over all events; a sign-in then a failure per client IP within 90 s.
   */
  static final String RULES =
      """
      title: Okta failure
      id: 6c1d0000-0000-4000-8000-000000000001
      name: okta_failure
      logsource:
          product: okta
      detection:
          selection:
              outcome.result: FAILURE
          condition: selection
      ---
      title: Okta sign-in
      id: 6c1d0000-0000-4000-8000-000000000002
      name: okta_sign_in
      logsource:
          product: okta
      detection:
          selection:
              eventType: user.session.start
          condition: selection
      ---
      title: Failure then sign-in
      id: 6c1d0000-0000-4000-8000-000000000003
      correlation:
          type: temporal_ordered
          rules:
              - okta_failure
              - okta_sign_in
          group-by:
              - actor.alternateId
          timespan: 5m
      ---
      title: Failure then failure
      id: 6c1d0000-0000-4000-8000-000000000004
      correlation:
          type: temporal_ordered
          rules:
              - okta_failure
              - okta_failure
          timespan: 2m
      ---
      title: Sign-in then failure by IP
      id: 6c1d0000-0000-4000-8000-000000000005
      correlation:
          type: temporal_ordered
          rules:
              - okta_sign_in
              - okta_failure
          group-by:
              - client.ipAddress
          timespan: 90s
      ---
      title: Okta factor reset
      id: 6c1d0000-0000-4000-8000-000000000006
      name: okta_reset
      logsource:
          product: okta
      detection:
          selection:
              eventType: user.mfa.factor.reset_all
          condition: selection
      ---
      title: Failure, sign-in, reset
      id: 6c1d0000-0000-4000-8000-000000000007
      correlation:
          type: temporal_ordered
          rules:
              - okta_failure
              - okta_sign_in
              - okta_reset
          group-by:
              - actor.alternateId
          timespan: 5m
      ---
      title: Failure, failure, sign-in
      id: 6c1d0000-0000-4000-8000-000000000008
      correlation:
          type: temporal_ordered
          rules:
              - okta_failure
              - okta_failure
              - okta_sign_in
          timespan: 2m
      ---
      title: Sign-in, failure, sign-in, failure by IP
      id: 6c1d0000-0000-4000-8000-000000000009
      correlation:
          type: temporal_ordered
          rules:
              - okta_sign_in
              - okta_failure
              - okta_sign_in
              - okta_failure
          group-by:
              - client.ipAddress
          timespan: 3m
      ---
      title: Reset, failure, reset, sign-in
      id: 6c1d0000-0000-4000-8000-00000000000a
      correlation:
          type: temporal_ordered
          rules:
              - okta_reset
              - okta_failure
              - okta_reset
              - okta_sign_in
          group-by:
              - actor.alternateId
          timespan: 4m
      ---
      title: Every reset
      id: 6c1d0000-0000-4000-8000-00000000000b
      correlation:
          type: temporal_ordered
          rules:
              - okta_reset
          group-by:
              - actor.alternateId
          timespan: 1m
      """;

  static final SigmaCollection COLLECTION = new SigmaParser().parse(RULES, "ordered.yml");

  @TempDir Path dir;
  int lakes;

  static Event event(String id, Instant time, String user, String ip, String type, String result) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("uuid", id);
    raw.put("published", time.toString());
    raw.put("eventType", type);
    if (user != null) {
      raw.put("actor", Map.of("alternateId", user, "type", "User"));
    }
    raw.put("client", Map.of("ipAddress", ip));
    raw.put("outcome", Map.of("result", result));
    return Event.of("okta", time, id, raw);
  }

  /** A failed sign-in: matches both step rules. */
  static Event failedSignIn(String id, int second, String user) {
    return event(id, T0.plusSeconds(second), user, "198.51.100.7", "user.session.start", "FAILURE");
  }

  /** A successful sign-in: only the sign-in rule. */
  static Event signIn(String id, int second, String user) {
    return event(id, T0.plusSeconds(second), user, "198.51.100.7", "user.session.start", "SUCCESS");
  }

  /** A failed factor reset: only the failure rule. */
  static Event failure(String id, int second, String user) {
    return event(
        id, T0.plusSeconds(second), user, "198.51.100.7", "user.mfa.factor.reset_all", "FAILURE");
  }

  /** The firings of each correlation by title, in memory and in SQL; asserts they are equal. */
  Map<String, List<String>> agree(List<Event> events) {
    List<Event> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
    List<SigmaDocument> docs = new ArrayList<>(COLLECTION.documents());
    CorrelationEngine engine = CorrelationEngine.create(docs);
    Map<String, List<String>> memory = new LinkedHashMap<>();
    Map<String, List<String>> sql = new LinkedHashMap<>();
    for (SigmaCorrelation c : COLLECTION.correlations()) {
      memory.put(c.metadata().title(), new ArrayList<>());
    }
    for (Event e : ordered) {
      for (CorrelationMatch m : engine.process(e)) {
        memory
            .get(m.correlation().metadata().title())
            .add(
                String.join(
                    " ",
                    m.windowStart().toString(),
                    String.valueOf(m.groupKey()),
                    m.windowEnd().toString(),
                    String.join(",", m.eventIds())));
      }
    }
    Path lakeDir = dir.resolve("lake" + (++lakes));
    MutableClock clock = MutableClock.at(T0.plus(Duration.ofDays(1)));
    try (LocalEventStore lake = LocalEventStore.open(lakeDir, clock);
        LocalQueryBackend backend = LocalQueryBackend.open(lakeDir)) {
      List<Event> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, new Random(events.size()));
      lake.append("okta", shuffled);
      for (SigmaCorrelation c : COLLECTION.correlations()) {
        String query =
            SqlConverter.convert(c, COLLECTION.rules(), SqlDialect.DUCKDB, FieldMapping.lake());
        QueryResult result =
            backend.execute(
                new QueryRequest(
                    query,
                    new TimeRange(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(3))),
                    10_000,
                    Duration.ofMinutes(1)));
        List<String> rows = new ArrayList<>();
        int groups = c.groupBy().size();
        int steps = c.rules().size();
        for (List<Object> row : result.rows()) {
          List<String> key = new ArrayList<>();
          for (int g = 0; g < groups; g++) {
            Object v = row.get(1 + g);
            key.add(v == null ? null : v.toString());
          }
          // first_id, the middle steps' ids (after last_id), last_id; one id for a single rule
          List<String> ids = new ArrayList<>();
          ids.add(String.valueOf(row.get(2 + groups)));
          for (int k = 1; k < steps - 1; k++) {
            ids.add(String.valueOf(row.get(3 + groups + k)));
          }
          if (steps > 1) {
            ids.add(String.valueOf(row.get(3 + groups)));
          }
          rows.add(
              String.join(
                  " ",
                  instant(row.get(0)).toString(),
                  String.valueOf(key),
                  instant(row.get(1 + groups)).toString(),
                  String.join(",", ids)));
          assertThat(row.get(row.size() - 1)).hasToString(String.valueOf(steps));
          assertThat(result.columns().get(row.size() - 1).name()).isEqualTo("rule_count");
        }
        Collections.sort(rows);
        sql.put(c.metadata().title(), rows);
      }
    }
    for (List<String> l : memory.values()) {
      Collections.sort(l);
    }
    assertThat(sql).as("SQL firings vs in-memory firings").isEqualTo(memory);
    return memory;
  }

  private static Instant instant(Object o) {
    if (o instanceof Instant i) {
      return i;
    }
    if (o instanceof Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    if (o instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    if (o instanceof OffsetDateTime d) {
      return d.toInstant();
    }
    return Instant.parse(o.toString().replace(' ', 'T') + (o.toString().endsWith("Z") ? "" : "Z"));
  }

  static String at(int second) {
    return T0.plusSeconds(second).toString();
  }

  @Test
  void stepsInTheGivenOrderWithinTheTimespanFire() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                failure("a1", 0, "alice"),
                signIn("a2", 60, "alice"),
                // wrong order for bob: sign-in first, failure after
                signIn("b1", 10, "bob"),
                failure("b2", 20, "bob")));
    assertThat(fired.get("Failure then sign-in"))
        .containsExactly(at(0) + " [alice] " + at(60) + " a1,a2");
    assertThat(fired.get("Failure then failure"))
        .containsExactly(at(0) + " [] " + at(20) + " a1,b2");
    assertThat(fired.get("Sign-in then failure by IP"))
        .containsExactly(at(10) + " [198.51.100.7] " + at(20) + " b1,b2");
  }

  @Test
  void theTimespanBoundaryIsInclusive() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                failure("a1", 0, "alice"),
                signIn("a2", 300, "alice"),
                failure("b1", 1000, "bob"),
                signIn("b2", 1301, "bob")));
    assertThat(fired.get("Failure then sign-in"))
        .containsExactly(at(0) + " [alice] " + at(300) + " a1,a2");
  }

  @Test
  void aFiringConsumesTheChainAndTheLatestFirstStepStartsIt() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                failure("a1", 0, "alice"),
                failure("a2", 30, "alice"),
                signIn("a3", 40, "alice"),
                signIn("a4", 50, "alice"),
                failure("a5", 60, "alice"),
                signIn("a6", 70, "alice")));
    assertThat(fired.get("Failure then sign-in"))
        .containsExactly(
            at(30) + " [alice] " + at(40) + " a2,a3", at(60) + " [alice] " + at(70) + " a5,a6");
  }

  @Test
  void anEventMatchingBothRulesIsTheSecondStepThenTheFirst() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                failedSignIn("a1", 0, "alice"),
                failedSignIn("a2", 10, "alice"),
                failedSignIn("a3", 20, "alice"),
                signIn("a4", 400, "alice")));
    assertThat(fired.get("Failure then sign-in"))
        .containsExactly(
            at(0) + " [alice] " + at(10) + " a1,a2", at(10) + " [alice] " + at(20) + " a2,a3");
    assertThat(fired.get("Failure then failure"))
        .containsExactly(at(0) + " [] " + at(10) + " a1,a2", at(10) + " [] " + at(20) + " a2,a3");
  }

  @Test
  void equalTimestampsAreOrderedByEventIdAndMissingGroupFieldsFormOneGroup() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                signIn("x2", 5, "carol"),
                failure("x1", 5, "carol"),
                failure("y2", 9, "dave"),
                signIn("y1", 9, "dave"),
                failure("z1", 100, null),
                signIn("z2", 130, null)));
    assertThat(fired.get("Failure then sign-in"))
        .containsExactly(
            at(5) + " [carol] " + at(5) + " x1,x2", at(100) + " [null] " + at(130) + " z1,z2");
  }

  /** A failed account lock: only the failure rule. */
  static Event lock(String id, int second, String user) {
    return event(id, T0.plusSeconds(second), user, "198.51.100.7", "user.account.lock", "FAILURE");
  }

  /** A successful factor reset: only the reset rule. */
  static Event reset(String id, int second, String user) {
    return event(
        id, T0.plusSeconds(second), user, "198.51.100.7", "user.mfa.factor.reset_all", "SUCCESS");
  }

  @Test
  void threeStepsInOrderWithinTheTimespanFireAndTheBoundaryIsInclusive() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                lock("a1", 0, "alice"),
                signIn("a2", 10, "alice"),
                reset("a3", 20, "alice"),
                // wrong order
                signIn("b1", 0, "bob"),
                lock("b2", 10, "bob"),
                reset("b3", 20, "bob"),
                // the last step exactly the timespan after the first
                lock("c1", 0, "carol"),
                signIn("c2", 100, "carol"),
                reset("c3", 300, "carol"),
                // one second beyond
                lock("d1", 1000, "dave"),
                signIn("d2", 1100, "dave"),
                reset("d3", 1301, "dave")));
    assertThat(fired.get("Failure, sign-in, reset"))
        .containsExactly(
            at(0) + " [alice] " + at(20) + " a1,a2,a3",
            at(0) + " [carol] " + at(300) + " c1,c2,c3");
  }

  @Test
  void equalTimestampsOfThreeStepsAreOrderedByEventId() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                reset("e3", 5, "erin"),
                signIn("e2", 5, "erin"),
                lock("e1", 5, "erin"),
                lock("f3", 7, "frank"),
                signIn("f2", 7, "frank"),
                reset("f1", 7, "frank")));
    assertThat(fired.get("Failure, sign-in, reset"))
        .containsExactly(at(5) + " [erin] " + at(5) + " e1,e2,e3");
  }

  @Test
  void theLatestChainStartsTheWindowAndItsEventsAreReported() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                // A1 B1 A2 C: A2 comes after B1, so the chain that fires is A1, B1, C
                lock("a1", 0, "alice"),
                signIn("a2", 10, "alice"),
                lock("a3", 20, "alice"),
                reset("a4", 30, "alice"),
                // consumed: no chain after the firing
                reset("a5", 40, "alice"),
                signIn("a6", 50, "alice"),
                reset("a7", 60, "alice"),
                // a new chain: the failure a3 was consumed, a8 starts it; of the two sign-ins
                // after it the later one is kept
                lock("a8", 70, "alice"),
                signIn("a9", 80, "alice"),
                signIn("a10", 90, "alice"),
                reset("a11", 100, "alice"),
                // bob: a later sign-in restarts the chain at the second failure
                lock("b1", 0, "bob"),
                signIn("b2", 10, "bob"),
                lock("b3", 20, "bob"),
                signIn("b4", 25, "bob"),
                reset("b5", 30, "bob")));
    assertThat(fired.get("Failure, sign-in, reset"))
        .containsExactly(
            at(0) + " [alice] " + at(30) + " a1,a2,a4",
            at(20) + " [bob] " + at(30) + " b3,b4,b5",
            at(70) + " [alice] " + at(100) + " a8,a10,a11");
  }

  @Test
  void theChainsMiddleStepsAreItsOwnInFourSteps() {
    // sign-in, failure, sign-in, failure by IP: s1 f1, then two third steps at the same time
    // (s2, t0: id order) that each also start a chain, then f0 fires the chain s1 f1 t0 f0 (the
    // third step extended last; the latest events per step would be t0 f1 t0 f0); s3 f2 after
    // the firing complete two steps only
    Map<String, List<String>> fired =
        agree(
            List.of(
                signIn("s1", 0, "x"),
                failure("f1", 10, "x"),
                signIn("s2", 20, "x"),
                signIn("t0", 20, "x"),
                failure("f0", 25, "x"),
                signIn("s3", 30, "x"),
                failure("f2", 40, "x")));
    assertThat(fired.get("Sign-in, failure, sign-in, failure by IP"))
        .containsExactly(at(0) + " [198.51.100.7] " + at(25) + " s1,f1,t0,f0");
  }

  @Test
  void aFiringDecidesWhichOverlappingChainsFireLongAfterIt() {
    // F1 S1 F2 R1 S2 F3 R2 S3 F4 R3 ...: each reset's chain starts before the previous reset, so
    // the firings alternate; without the first failure they alternate the other way
    List<Event> events = new ArrayList<>();
    List<Event> withoutFirst = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      int t = k * 30;
      events.add(lock("f" + k, t, "alice"));
      events.add(signIn("s" + k, t + 10, "alice"));
      events.add(reset("r" + k, t + 40, "alice"));
    }
    for (Event e : events) {
      if (!e.id().equals("f0")) {
        withoutFirst.add(e);
      }
    }
    List<String> all = agree(events).get("Failure, sign-in, reset");
    List<String> shifted = agree(withoutFirst).get("Failure, sign-in, reset");
    assertThat(all).hasSize(3);
    assertThat(shifted).hasSize(3).doesNotContainAnyElementsOf(all);
  }

  @Test
  void repeatedStepsAndEventsMatchingSeveralStepsInFourSteps() {
    Map<String, List<String>> fired =
        agree(
            List.of(
                failedSignIn("p1", 0, "alice"),
                failedSignIn("p2", 10, "alice"),
                signIn("p3", 20, "alice"),
                failure("p4", 30, "alice"),
                failure("p5", 40, "alice"),
                lock("p6", 50, "alice"),
                reset("p65", 55, "alice"),
                signIn("p7", 60, "alice"),
                failedSignIn("p8", 300, "alice"),
                failure("p9", 310, "alice"),
                failure("p10", 320, "alice"),
                signIn("p11", 330, "alice")));
    assertThat(fired.get("Sign-in, failure, sign-in, failure by IP")).isNotEmpty();
    assertThat(fired.get("Reset, failure, reset, sign-in")).isNotEmpty();
    assertThat(fired.get("Failure, failure, sign-in")).isNotEmpty();
    assertThat(fired.get("Every reset")).hasSize(5);
  }

  @Test
  void randomSequencesAgree() {
    Random random = new Random(20261126);
    String[] users = {"alice", "bob", null};
    Map<String, Integer> fired = new LinkedHashMap<>();
    for (int trial = 0; trial < 40; trial++) {
      List<Event> events = new ArrayList<>();
      // some dense trials, so that sequences of four steps complete often
      boolean dense = trial % 2 == 1;
      int n = 5 + random.nextInt(dense ? 60 : 30);
      for (int i = 0; i < n; i++) {
        // whole half-minutes make equal times and exact timespan boundaries frequent
        int second =
            random.nextInt(dense ? 16 : 40) * 30
                + (random.nextInt(4) == 0 ? random.nextInt(30) : 0);
        String user = users[random.nextInt(users.length)];
        String ip = random.nextBoolean() ? "198.51.100.7" : "203.0.113.9";
        String[] types = {"user.session.start", "user.mfa.factor.reset_all", "user.account.lock"};
        String type = types[random.nextInt(types.length)];
        String result = random.nextBoolean() ? "FAILURE" : "SUCCESS";
        String id = "e" + random.nextInt(1000) + "-" + i;
        events.add(event(id, T0.plusSeconds(second), user, ip, type, result));
      }
      agree(events).forEach((title, l) -> fired.merge(title, l.size(), Integer::sum));
    }
    assertThat(fired.values())
        .as("the random sequences exercise every correlation: " + fired)
        .allSatisfy(n -> assertThat(n).isGreaterThan(10));
  }
}
