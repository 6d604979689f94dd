package io.mantissa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance suite of {@link AlertSink}. Extend it and implement {@link #newSink(List)}: wire
 * your sink to a fake destination (a loopback HTTP server, WireMock, an SMTP server) that answers
 * the n-th request it receives with the n-th {@link DestinationBehaviour} of the script (the last
 * one repeating), and report what that destination received.
 *
 * <pre>{@code
 * class WebhookSinkConformanceTest extends AlertSinkConformance {
 *   @Override
 *   protected SinkUnderTest newSink(List<DestinationBehaviour> script) {
 *     FakeWebhook hook = FakeWebhook.start(script); // a loopback server answering 200, 429, ...
 *     AlertSink sink = new WebhookSink(hook.uri(), httpClient);
 *     return new SinkUnderTest() {
 *       public AlertSink sink() {
 *         return sink;
 *       }
 *
 *       public List<ReceivedDelivery> received() {
 *         return hook.requests().stream()
 *             .map(r -> new ReceivedDelivery(r.header("Idempotency-Key"), r.body()))
 *             .toList();
 *       }
 *
 *       public void close() {
 *         hook.stop();
 *       }
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>The contract the suite checks:
 *
 * <ul>
 *   <li>{@link AlertSink#deliver} never throws, whatever the destination does.
 *   <li>{@link DestinationBehaviour#ACCEPT} gives {@link DeliveryResult.Delivered}; {@link
 *       DestinationBehaviour#RATE_LIMITED} a {@link DeliveryResult.RetryableFailure} whose {@code
 *       retryAfter} is the destination's {@code Retry-After}; {@link
 *       DestinationBehaviour#SERVER_ERROR} and {@link DestinationBehaviour#UNREACHABLE} a {@link
 *       DeliveryResult.RetryableFailure}; {@link DestinationBehaviour#REJECTED} a {@link
 *       DeliveryResult.PermanentFailure}. Failure reasons are not blank and contain none of {@link
 *       #secrets()}.
 *   <li>Each attempt reaches the destination once, carrying the idempotency key the caller passed,
 *       the same key on every retry (skipped when {@link #destinationReceivesIdempotencyKey()} is
 *       false), and a payload that identifies the alert ({@link #assertPayloadDescribes}).
 *   <li>Alerts with quotes, newlines, markup and non-ASCII text are delivered.
 * </ul>
 *
 * <p>{@link DestinationBehaviour#UNREACHABLE} is only ever the whole script: a sink is wired to an
 * unreachable destination (a closed port, say) from the start.
 */
public abstract class AlertSinkConformance {
  private final List<SinkUnderTest> created = new ArrayList<>();

  /**
   * A sink and the fake destination it delivers to.
   *
   * <p>{@link #close()} releases the destination; the suite calls it after each test.
   */
  public interface SinkUnderTest extends AutoCloseable {
    /** The sink under test. */
    AlertSink sink();

    /** What the destination received so far, in order; unreachable attempts are not in it. */
    List<ReceivedDelivery> received();

    @Override
    default void close() {}

    /** A sink and a view of what its destination received. */
    static SinkUnderTest of(AlertSink sink, Supplier<List<ReceivedDelivery>> received) {
      Objects.requireNonNull(sink, "sink");
      Objects.requireNonNull(received, "received");
      return new SinkUnderTest() {
        @Override
        public AlertSink sink() {
          return sink;
        }

        @Override
        public List<ReceivedDelivery> received() {
          return List.copyOf(received.get());
        }
      };
    }
  }

  /**
   * One request as the destination received it.
   *
   * @param idempotencyKey the idempotency key found in the request (header, field, dedup key), if
   *     any
   * @param payload the request body or message text
   */
  public record ReceivedDelivery(Optional<String> idempotencyKey, String payload) {
    /** Validates. */
    public ReceivedDelivery {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /**
   * A sink delivering to a fresh destination that answers its n-th request with {@code
   * script.get(n)}, the last behaviour repeating.
   */
  protected abstract SinkUnderTest newSink(List<DestinationBehaviour> script);

  /**
   * Whether the destination receives the idempotency key (an {@code Idempotency-Key} header, a
   * PagerDuty {@code dedup_key}, ...). Override to return {@code false} for destinations that have
   * no place for one; the key checks are then skipped.
   */
  protected boolean destinationReceivesIdempotencyKey() {
    return true;
  }

  /** Secrets the sink is configured with (tokens, webhook URLs), which no reason may contain. */
  protected Set<String> secrets() {
    return Set.of();
  }

  /**
   * Asserts that a received payload identifies the alert. By default the payload must contain the
   * alert's id, rule id or title; override for destinations that transform them.
   */
  protected void assertPayloadDescribes(Alert alert, ReceivedDelivery received) {
    assertThat(received.payload())
        .as("payload identifies alert %s", alert.id())
        .satisfiesAnyOf(
            p -> assertThat(p).contains(alert.id()),
            p -> assertThat(p).contains(alert.ruleId()),
            p -> assertThat(p).contains(alert.title()));
  }

  /** The alert the tests deliver; override to add what your sink needs. */
  protected Alert sampleAlert(String id) {
    return Alert.builder()
        .id(id)
        .ruleId("okta_brute_force")
        .title("Brute force against alice@example.com")
        .severity(Severity.HIGH)
        .time(Instant.parse("2026-01-01T10:15:30Z"))
        .entity(Entity.user("alice@example.com"))
        .entity(Entity.ip("203.0.113.7"))
        .eventId("evt-1")
        .eventId("evt-2")
        .attackTag("attack.t1110")
        .enrichment("geo.country", "NL")
        .build();
  }

  @AfterEach
  final void closeSinks() throws Exception {
    for (SinkUnderTest s : created) {
      s.close();
    }
    created.clear();
  }

  private SinkUnderTest sink(DestinationBehaviour... script) {
    SinkUnderTest s = newSink(List.of(script));
    created.add(s);
    return s;
  }

  @Test
  void hasAName() {
    assertThat(sink(DestinationBehaviour.ACCEPT).sink().name()).isNotBlank();
  }

  @Test
  void anAcceptedAlertIsDeliveredOnce() {
    SinkUnderTest s = sink(DestinationBehaviour.ACCEPT);
    Alert alert = sampleAlert("alert-accepted");

    DeliveryResult result = s.sink().deliver(alert, "key-accepted");

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(s.received()).hasSize(1);
    assertPayloadDescribes(alert, s.received().get(0));
    if (destinationReceivesIdempotencyKey()) {
      assertThat(s.received().get(0).idempotencyKey()).contains("key-accepted");
    }
  }

  @Test
  void rateLimitingIsRetryableAfterTheDestinationsWait() {
    SinkUnderTest s = sink(DestinationBehaviour.RATE_LIMITED);

    DeliveryResult result = s.sink().deliver(sampleAlert("alert-429"), "key-429");

    assertThat(result)
        .isInstanceOfSatisfying(
            DeliveryResult.RetryableFailure.class,
            f -> assertThat(f.retryAfter()).contains(DestinationBehaviour.RETRY_AFTER));
    assertThat(s.received()).hasSize(1);
  }

  @Test
  void aServerErrorIsRetryable() {
    SinkUnderTest s = sink(DestinationBehaviour.SERVER_ERROR);

    DeliveryResult result = s.sink().deliver(sampleAlert("alert-503"), "key-503");

    assertThat(result).isInstanceOf(DeliveryResult.RetryableFailure.class);
    assertThat(s.received()).hasSize(1);
  }

  @Test
  void aRejectionIsPermanent() {
    SinkUnderTest s = sink(DestinationBehaviour.REJECTED);

    DeliveryResult result = s.sink().deliver(sampleAlert("alert-400"), "key-400");

    assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
  }

  @Test
  void anUnreachableDestinationIsRetryable() {
    SinkUnderTest s = sink(DestinationBehaviour.UNREACHABLE);

    DeliveryResult result = s.sink().deliver(sampleAlert("alert-down"), "key-down");

    assertThat(result).isInstanceOf(DeliveryResult.RetryableFailure.class);
    assertThat(s.received()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DestinationBehaviour.class)
  void deliverNeverThrows(DestinationBehaviour behaviour) {
    SinkUnderTest s = sink(behaviour);
    List<DeliveryResult> results = new ArrayList<>();

    assertThatCode(() -> results.add(s.sink().deliver(sampleAlert("alert-x"), "key-x")))
        .doesNotThrowAnyException();
    assertThat(results).doesNotContainNull();
  }

  @ParameterizedTest
  @EnumSource(
      value = DestinationBehaviour.class,
      names = {"ACCEPT"},
      mode = EnumSource.Mode.EXCLUDE)
  void failureReasonsAreReadableAndKeepSecrets(DestinationBehaviour behaviour) {
    SinkUnderTest s = sink(behaviour);

    DeliveryResult result = s.sink().deliver(sampleAlert("alert-r"), "key-r");

    String reason;
    if (result instanceof DeliveryResult.RetryableFailure f) {
      reason = f.reason();
    } else if (result instanceof DeliveryResult.PermanentFailure f) {
      reason = f.reason();
    } else {
      throw new AssertionError(behaviour + " gave " + result);
    }
    assertThat(reason).isNotBlank();
    for (String secret : secrets()) {
      assertThat(reason).as("reason leaks a secret").doesNotContain(secret);
    }
  }

  @Test
  void retriesCarryTheSameIdempotencyKey() {
    SinkUnderTest s =
        sink(
            DestinationBehaviour.SERVER_ERROR,
            DestinationBehaviour.RATE_LIMITED,
            DestinationBehaviour.ACCEPT);
    Alert alert = sampleAlert("alert-retried");

    DeliveryResult first = s.sink().deliver(alert, "key-retried");
    DeliveryResult second = s.sink().deliver(alert, "key-retried");
    DeliveryResult third = s.sink().deliver(alert, "key-retried");

    assertThat(first).isInstanceOf(DeliveryResult.RetryableFailure.class);
    assertThat(second).isInstanceOf(DeliveryResult.RetryableFailure.class);
    assertThat(third).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(s.received()).hasSize(3);
    if (destinationReceivesIdempotencyKey()) {
      assertThat(s.received())
          .extracting(ReceivedDelivery::idempotencyKey)
          .containsOnly(Optional.of("key-retried"));
    }
  }

  @Test
  void separateDeliveriesCarryTheirOwnKeys() {
    SinkUnderTest s = sink(DestinationBehaviour.ACCEPT);
    Alert one = sampleAlert("alert-one");
    Alert two = sampleAlert("alert-two");

    assertThat(s.sink().deliver(one, "key-one")).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(s.sink().deliver(two, "key-two")).isInstanceOf(DeliveryResult.Delivered.class);

    assertThat(s.received()).hasSize(2);
    assertPayloadDescribes(one, s.received().get(0));
    assertPayloadDescribes(two, s.received().get(1));
    if (destinationReceivesIdempotencyKey()) {
      assertThat(s.received())
          .extracting(ReceivedDelivery::idempotencyKey)
          .containsExactly(Optional.of("key-one"), Optional.of("key-two"));
    }
  }

  @Test
  void awkwardContentIsDelivered() {
    SinkUnderTest s = sink(DestinationBehaviour.ACCEPT);
    Alert alert =
        sampleAlert("alert-awkward").toBuilder()
            .title(
                "Quote \" apostrophe ' backslash \\ newline\n tab\t <b>markup</b> & {json} "
                    + "zażółć 中文 😀 "
                    + "x".repeat(3_000))
            .entity(Entity.user("o'brien+\"test\"@example.com"))
            .enrichment("note", "line1\nline2")
            .build();

    DeliveryResult result = s.sink().deliver(alert, "key-awkward");

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(s.received()).hasSize(1);
    assertPayloadDescribes(alert, s.received().get(0));
  }
}
