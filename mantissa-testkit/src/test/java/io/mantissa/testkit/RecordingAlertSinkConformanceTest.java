package io.mantissa.testkit;

import java.util.List;
import java.util.Optional;

class RecordingAlertSinkConformanceTest extends AlertSinkConformance {
  @Override
  protected SinkUnderTest newSink(List<DestinationBehaviour> script) {
    RecordingAlertSink sink = new RecordingAlertSink("recording", script);
    return SinkUnderTest.of(
        sink,
        () ->
            sink.attempts().stream()
                .filter(RecordingAlertSink.Attempt::reachedDestination)
                .map(
                    a ->
                        new ReceivedDelivery(
                            Optional.of(a.idempotencyKey()),
                            a.alert().id() + " " + a.alert().title()))
                .toList());
  }
}
