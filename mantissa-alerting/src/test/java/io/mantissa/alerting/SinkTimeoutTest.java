package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.MantissaException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SinkTimeoutTest {

  @Test
  void aZeroOrNegativeTimeoutIsRefusedWhenConfigured() {
    assertThatThrownBy(() -> WebhookSink.builder().timeout(Duration.ZERO))
        .isInstanceOf(MantissaException.class)
        .hasMessage("timeout must be positive");
    assertThatThrownBy(() -> WebhookSink.builder().connectTimeout(Duration.ofSeconds(-1)))
        .hasMessage("connectTimeout must be positive");
    assertThatThrownBy(() -> EmailSink.builder().timeout(Duration.ZERO))
        .isInstanceOf(MantissaException.class)
        .hasMessage("timeout must be positive");
  }
}
