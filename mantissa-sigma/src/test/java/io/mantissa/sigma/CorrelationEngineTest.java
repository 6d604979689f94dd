package io.mantissa.sigma;

import static io.mantissa.sigma.Sigma.T0;
import static io.mantissa.sigma.Sigma.eventAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationEngineTest {
  private static final String BASE =
      """
      title: Failed login
      name: failed_login
      logsource: {product: okta}
      detection:
          s: {eventType: user.session.start, outcome.result: FAILURE}
          condition: s
      ---
      title: Successful login
      name: successful_login
      logsource: {product: okta}
      detection:
          s: {eventType: user.session.start, outcome.result: SUCCESS}
          condition: s
      ---
      """;

  private static CorrelationEngine engine(String correlation) {
    return CorrelationEngine.create(Sigma.parse(BASE + correlation).documents());
  }

  private static CorrelationEngine engine(String correlation, CorrelationLimits limits) {
    return CorrelationEngine.create(
        Sigma.parse(BASE + correlation).documents(), limits, CompileOptions.defaults());
  }

  private static Event login(Instant t, String user, String ip, String result) {
    return eventAt(
        t,
        "eventType",
        "user.session.start",
        "actor",
        Map.of("alternateId", user),
        "client",
        Map.of("ipAddress", ip),
        "outcome",
        Map.of("result", result));
  }

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void eventCountFiresWhenTheSlidingWindowReachesTheThreshold() {
    CorrelationEngine e =
        engine(
            """
            title: Brute force
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [actor.alternateId]
                timespan: 5m
                condition: {gte: 3}
            """);
    assertThat(e.process(login(at(0), "bob", "1.1.1.1", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(1), "alice", "1.1.1.1", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(2), "bob", "1.1.1.1", "SUCCESS"))).isEmpty();
    assertThat(e.process(login(at(3), "bob", "1.1.1.1", "FAILURE"))).isEmpty();
    List<CorrelationMatch> m = e.process(login(at(4), "bob", "1.1.1.1", "FAILURE"));
    assertThat(m)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.groupKey()).containsExactly("bob");
              assertThat(x.count()).isEqualTo(3);
              assertThat(x.windowStart()).isEqualTo(at(0));
              assertThat(x.windowEnd()).isEqualTo(at(4));
              assertThat(x.eventIds()).hasSize(3);
            });
    // the group starts afresh after firing
    assertThat(e.process(login(at(5), "bob", "1.1.1.1", "FAILURE"))).isEmpty();
  }

  @Test
  void eventsOutsideTheTimespanDoNotCount() {
    CorrelationEngine e =
        engine(
            """
            title: Brute force
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [actor.alternateId]
                timespan: 5m
                condition: {gte: 3}
            """);
    List<CorrelationMatch> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.addAll(e.process(login(at(i * 3), "bob", "1.1.1.1", "FAILURE")));
    }
    assertThat(all).isEmpty();
  }

  @Test
  void valueCountCountsDistinctValues() {
    CorrelationEngine e =
        engine(
            """
            title: Password spray
            correlation:
                type: value_count
                rules: [failed_login]
                group-by: [client.ipAddress]
                timespan: 10m
                condition:
                    field: actor.alternateId
                    gt: 2
            """);
    assertThat(e.process(login(at(0), "a", "9.9.9.9", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(1), "a", "9.9.9.9", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(2), "b", "9.9.9.9", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(3), "c", "8.8.8.8", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(4), "c", "9.9.9.9", "FAILURE")))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.count()).isEqualTo(3);
              assertThat(m.groupKey()).containsExactly("9.9.9.9");
            });
  }

  @Test
  void upperBoundConditionsAreJudgedWhenTheWindowCloses() {
    CorrelationEngine e =
        engine(
            """
            title: Few logins
            correlation:
                type: event_count
                rules: [successful_login]
                group-by: [actor.alternateId]
                timespan: 10m
                condition: {lt: 3}
            """);
    assertThat(e.process(login(at(0), "bob", "1.1.1.1", "SUCCESS"))).isEmpty();
    assertThat(e.process(login(at(1), "bob", "1.1.1.1", "SUCCESS"))).isEmpty();
    assertThat(e.process(login(at(2), "eve", "1.1.1.1", "SUCCESS"))).isEmpty();
    for (int i = 3; i < 6; i++) {
      assertThat(e.process(login(at(i), "eve", "1.1.1.1", "SUCCESS"))).isEmpty();
    }
    assertThat(e.advanceTo(at(10))).isEmpty();
    List<CorrelationMatch> closed = e.advanceTo(at(13));
    assertThat(closed)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.groupKey()).containsExactly("bob");
              assertThat(m.count()).isEqualTo(2);
              assertThat(m.windowEnd()).isEqualTo(at(10));
            });
    assertThat(e.groupCount()).isZero();
  }

  @Test
  void rangeConditions() {
    CorrelationEngine e =
        engine(
            """
            title: Some logins
            correlation:
                type: event_count
                rules: [successful_login]
                group-by: [actor.alternateId]
                timespan: 1m
                condition: {gte: 2, lte: 3}
            """);
    e.process(login(at(0), "bob", "1.1.1.1", "SUCCESS"));
    e.process(login(at(0), "bob", "1.1.1.1", "SUCCESS"));
    assertThat(e.process(login(at(5), "eve", "1.1.1.1", "SUCCESS")))
        .singleElement()
        .satisfies(m -> assertThat(m.count()).isEqualTo(2));
  }

  @Test
  void temporalNeedsEveryRuleWithinTheTimespanInAnyOrder() {
    CorrelationEngine e =
        engine(
            """
            title: Failure and success
            correlation:
                type: temporal
                rules: [failed_login, successful_login]
                group-by: [actor.alternateId]
                timespan: 5m
            """);
    assertThat(e.process(login(at(0), "bob", "1.1.1.1", "SUCCESS"))).isEmpty();
    assertThat(e.process(login(at(10), "bob", "1.1.1.1", "FAILURE"))).as("too late").isEmpty();
    assertThat(e.process(login(at(12), "alice", "1.1.1.1", "SUCCESS"))).isEmpty();
    assertThat(e.process(login(at(13), "bob", "1.1.1.1", "SUCCESS")))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.count()).isEqualTo(2);
              assertThat(m.windowStart()).isEqualTo(at(10));
            });
  }

  @Test
  void temporalOrderedNeedsTheOrder() {
    CorrelationEngine e =
        engine(
            """
            title: Failure then success
            correlation:
                type: temporal_ordered
                rules: [failed_login, successful_login]
                group-by: [actor.alternateId]
                timespan: 5m
            """);
    assertThat(e.process(login(at(0), "bob", "1.1.1.1", "SUCCESS"))).isEmpty();
    assertThat(e.process(login(at(1), "bob", "1.1.1.1", "FAILURE"))).as("wrong order").isEmpty();
    assertThat(e.process(login(at(2), "bob", "1.1.1.1", "SUCCESS")))
        .singleElement()
        .satisfies(m -> assertThat(m.windowStart()).isEqualTo(at(1)));
    assertThat(e.process(login(at(3), "eve", "1.1.1.1", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(9), "eve", "1.1.1.1", "SUCCESS"))).as("too late").isEmpty();
  }

  private static final String THREE_STEPS =
      """
      title: Factor reset
      name: factor_reset
      logsource: {product: okta}
      detection:
          s: {eventType: user.mfa.factor.reset_all}
          condition: s
      ---
      title: Failure, success, reset
      correlation:
          type: temporal_ordered
          rules: [failed_login, successful_login, factor_reset]
          group-by: [actor.alternateId]
          timespan: 5m
      """;

  /** An okta event of alice with an explicit id, {@code seconds} after T0. */
  private static Event step(String id, int seconds, String type, String result) {
    return Event.of(
        "test",
        T0.plusSeconds(seconds),
        id,
        Map.of(
            "eventType",
            type,
            "actor",
            Map.of("alternateId", "alice"),
            "outcome",
            Map.of("result", result)));
  }

  private static Event failed(String id, int seconds) {
    return step(id, seconds, "user.session.start", "FAILURE");
  }

  private static Event succeeded(String id, int seconds) {
    return step(id, seconds, "user.session.start", "SUCCESS");
  }

  private static Event reset(String id, int seconds) {
    return step(id, seconds, "user.mfa.factor.reset_all", "SUCCESS");
  }

  /** Feeds {@code events}; the firings as "start end ids" (seconds after T0). */
  private static List<String> fire(CorrelationEngine e, Event... events) {
    List<String> out = new ArrayList<>();
    for (Event event : events) {
      for (CorrelationMatch m : e.process(event)) {
        assertThat(m.count()).isEqualTo(3);
        out.add(
            Duration.between(T0, m.windowStart()).toSeconds()
                + " "
                + Duration.between(T0, m.windowEnd()).toSeconds()
                + " "
                + String.join(",", m.eventIds()));
      }
    }
    return out;
  }

  @Test
  void temporalOrderedReportsTheEventsOfTheChainThatFired() {
    // A2 comes after B1: the chain that fires starts at A1 and is A1, B1, C
    assertThat(
            fire(
                engine(THREE_STEPS),
                failed("A1", 0),
                succeeded("B1", 10),
                failed("A2", 20),
                reset("C", 30)))
        .containsExactly("0 30 A1,B1,C");
    // a later second step restarts the chain at A2
    assertThat(
            fire(
                engine(THREE_STEPS),
                failed("A1", 0),
                succeeded("B1", 10),
                failed("A2", 20),
                succeeded("B2", 25),
                reset("C", 30)))
        .containsExactly("20 30 A2,B2,C");
    // consumed by the firing: the next chain is A3, B3, C2 (not B2 or C)
    assertThat(
            fire(
                engine(THREE_STEPS),
                failed("A1", 0),
                succeeded("B1", 10),
                reset("C", 20),
                reset("C1", 25),
                succeeded("B2", 30),
                failed("A3", 40),
                succeeded("B3", 50),
                reset("C2", 60)))
        .containsExactly("0 20 A1,B1,C", "40 60 A3,B3,C2");
  }

  @Test
  void temporalOrderedTieBreaksKeepTheChainExtendedLast() {
    // two second steps after one failure: both chains start at A1, the later one is reported
    assertThat(
            fire(
                engine(THREE_STEPS),
                failed("A1", 0),
                succeeded("B1", 10),
                succeeded("B2", 15),
                reset("C", 20)))
        .containsExactly("0 20 A1,B2,C");
    // equal timestamps are taken in arrival order: A2 arrives last and starts the chain
    assertThat(
            fire(
                engine(THREE_STEPS),
                failed("A1", 0),
                failed("A2", 0),
                succeeded("B1", 10),
                reset("C", 20)))
        .containsExactly("0 20 A2,B1,C");
    // the chain through the second step expires with its start, even if a later failure is live
    assertThat(
            fire(
                engine(THREE_STEPS),
                failed("A1", 0),
                succeeded("B1", 10),
                failed("A2", 200),
                reset("C", 301)))
        .isEmpty();
  }

  @Test
  void aliasesMapGroupFieldsPerRule() {
    String docs =
        """
        title: Internal error
        name: internal_error
        logsource: {product: web}
        detection:
            s: {http.response.status_code: 500}
            condition: s
        ---
        title: New connection
        name: new_network_connection
        logsource: {product: net}
        detection:
            s: {event.category: network}
            condition: s
        ---
        title: Error then connection back
        correlation:
            type: temporal
            rules: [internal_error, new_network_connection]
            group-by: [internal_ip]
            timespan: 10s
            aliases:
                internal_ip:
                    internal_error: destination.ip
                    new_network_connection: source.ip
        """;
    CorrelationEngine e = CorrelationEngine.create(Sigma.parse(docs).documents());
    Instant t = T0;
    assertThat(
            e.process(
                eventAt(
                    t,
                    "http",
                    Map.of("response", Map.of("status_code", 500)),
                    "destination",
                    Map.of("ip", "10.0.0.5"))))
        .isEmpty();
    assertThat(
            e.process(
                eventAt(
                    t.plusSeconds(3),
                    "event",
                    Map.of("category", "network"),
                    "source",
                    Map.of("ip", "10.0.0.6"))))
        .isEmpty();
    assertThat(
            e.process(
                eventAt(
                    t.plusSeconds(4),
                    "event",
                    Map.of("category", "network"),
                    "source",
                    Map.of("ip", "10.0.0.5"))))
        .singleElement()
        .satisfies(m -> assertThat(m.groupKey()).containsExactly("10.0.0.5"));
  }

  @Test
  void stateIsBoundedAndEvictionsCounted() {
    CorrelationEngine e =
        engine(
            """
            title: Brute force
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [actor.alternateId]
                timespan: 1h
                condition: {gte: 3}
            """,
            new CorrelationLimits(2, 2));
    for (String user : List.of("a", "b", "c", "d")) {
      e.process(login(at(0), user, "1.1.1.1", "FAILURE"));
    }
    assertThat(e.groupCount()).isEqualTo(2);
    assertThat(e.evictedGroups()).isEqualTo(2);
    e.process(login(at(1), "d", "1.1.1.1", "FAILURE"));
    e.process(login(at(2), "d", "1.1.1.1", "FAILURE"));
    assertThat(e.evictedEvents()).isEqualTo(1);
  }

  @Test
  void obsoleteAggregationRunsAsACorrelation() {
    SigmaCollection c =
        Sigma.parse(
            """
            title: Many failures
            logsource: {product: okta}
            detection:
                s: {outcome.result: FAILURE}
                timeframe: 10m
                condition: s | count() by actor.alternateId >= 2
            """);
    CorrelationEngine e = CorrelationEngine.create(c.documents());
    assertThat(e.process(login(at(0), "bob", "1.1.1.1", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(1), "bob", "1.1.1.1", "FAILURE"))).hasSize(1);
  }

  @Test
  void chainedCorrelationsConsumeTheMatchesOfOthers() {
    CorrelationEngine e =
        engine(
            """
            title: Many failed logins
            name: many_failed
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [actor.alternateId]
                timespan: 10m
                condition: {gte: 2}
            ---
            title: Failed logins followed by a successful login
            correlation:
                type: temporal_ordered
                rules: [many_failed, successful_login]
                group-by: [actor.alternateId]
                timespan: 1h
            """);
    assertThat(e.process(login(at(0), "bob", "1.1.1.1", "FAILURE"))).isEmpty();
    assertThat(e.process(login(at(1), "bob", "1.1.1.1", "SUCCESS"))).isEmpty();
    assertThat(e.process(login(at(2), "bob", "1.1.1.1", "FAILURE")))
        .extracting(m -> m.correlation().metadata().title())
        .containsExactly("Many failed logins");
    assertThat(e.process(login(at(3), "bob", "1.1.1.1", "SUCCESS")))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.correlation().metadata().title())
                  .isEqualTo("Failed logins followed by a successful login");
              assertThat(m.groupKey()).containsExactly("bob");
              assertThat(m.windowStart()).isEqualTo(at(2));
            });
  }

  @Test
  void unknownReferencesAndCyclesAreRefused() {
    assertThatThrownBy(
            () ->
                engine(
                    """
                    title: x
                    correlation:
                        type: event_count
                        rules: [nope]
                        timespan: 1h
                        condition: {gte: 3}
                    """))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("neither the id nor the name");
    assertThatThrownBy(
            () ->
                engine(
                    """
                    title: x
                    name: first
                    correlation:
                        type: event_count
                        rules: [second]
                        timespan: 1h
                        condition: {gte: 3}
                    ---
                    title: y
                    name: second
                    correlation:
                        type: event_count
                        rules: [first]
                        timespan: 1h
                        condition: {gte: 3}
                    """))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("cycle of correlations");
  }
}
