package io.mantissa.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Severity;
import io.mantissa.spi.alert.DeliveryResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordingAlertSinkTest {
  private static final Alert ALERT =
      Alert.builder()
          .id("a1")
          .ruleId("r1")
          .title("t")
          .severity(Severity.LOW)
          .time(Instant.parse("2026-01-01T00:00:00Z"))
          .build();

  @Test
  void followsItsScriptAndRepeatsTheLastBehaviour() {
    RecordingAlertSink sink =
        new RecordingAlertSink(
            "pager", DestinationBehaviour.SERVER_ERROR, DestinationBehaviour.ACCEPT);

    assertThat(sink.deliver(ALERT, "k")).isInstanceOf(DeliveryResult.RetryableFailure.class);
    assertThat(sink.deliver(ALERT, "k")).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(sink.deliver(ALERT, "k")).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(sink.delivered()).containsExactly(ALERT, ALERT);
    assertThat(sink.attempts())
        .extracting(RecordingAlertSink.Attempt::idempotencyKey)
        .containsOnly("k");
  }

  @Test
  void aNewScriptStartsFromItsFirstBehaviour() {
    RecordingAlertSink sink = new RecordingAlertSink("pager");
    sink.deliver(ALERT, "k1");

    sink.respondWith(DestinationBehaviour.REJECTED);

    assertThat(sink.deliver(ALERT, "k2")).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(sink.attempts()).hasSize(2);
    sink.reset();
    assertThat(sink.attempts()).isEmpty();
  }

  @Test
  void missingArgumentsArePermanentFailuresNotExceptions() {
    RecordingAlertSink sink = new RecordingAlertSink("pager");

    assertThat(sink.deliver(null, "k")).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(sink.deliver(ALERT, null)).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(sink.attempts()).isEmpty();
  }
}
