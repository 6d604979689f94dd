package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeArgsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void defaultsToTheLast24Hours() {
    assertThat(TimeArgs.range(null, null, null, NOW))
        .isEqualTo(new TimeRange(NOW.minus(Duration.ofHours(24)), NOW));
  }

  @Test
  void lastTakesUnits() {
    assertThat(TimeArgs.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(TimeArgs.duration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(TimeArgs.duration("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(TimeArgs.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(TimeArgs.duration("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(TimeArgs.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(TimeArgs.range(null, null, "1h", NOW))
        .isEqualTo(new TimeRange(NOW.minusSeconds(3600), NOW));
  }

  @Test
  void fromAndToTakeInstantsOffsetsAndDates() {
    assertThat(TimeArgs.range("2026-02-01", "2026-02-02T01:00:00+01:00", null, NOW))
        .isEqualTo(
            new TimeRange(
                Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z")));
    assertThat(TimeArgs.range("2026-03-01T10:00:00Z", null, null, NOW).end()).isEqualTo(NOW);
    assertThat(TimeArgs.range(null, "2026-02-01T00:00:00Z", null, NOW).start())
        .isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
  }

  @Test
  void rejectsBadOrConflictingArguments() {
    assertThatThrownBy(() -> TimeArgs.range("x", null, null, NOW))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("'from' value 'x' is not an ISO-8601 time");
    assertThatThrownBy(() -> TimeArgs.range("2026-02-02", "2026-02-01", null, NOW))
        .hasMessageContaining("before");
    assertThatThrownBy(() -> TimeArgs.range("2026-02-02", null, "1h", NOW))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> TimeArgs.duration("0h")).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> TimeArgs.duration("h")).hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> TimeArgs.duration("5y")).hasMessageContaining("is not a duration");
  }
}
