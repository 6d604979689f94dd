package io.mantissa.app;

import static io.mantissa.api.AlertStatus.ACKNOWLEDGED;
import static io.mantissa.api.AlertStatus.FALSE_POSITIVE;
import static io.mantissa.api.AlertStatus.OPEN;
import static io.mantissa.api.AlertStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import org.junit.jupiter.api.Test;

class AlertViewsTest {

  @Test
  void analystsMoveAlertsForwardOnlyAndNeverReopenThem() {
    assertThat(AlertViews.allowed(OPEN, ACKNOWLEDGED)).isTrue();
    assertThat(AlertViews.allowed(OPEN, RESOLVED)).isTrue();
    assertThat(AlertViews.allowed(OPEN, FALSE_POSITIVE)).isTrue();
    assertThat(AlertViews.allowed(ACKNOWLEDGED, RESOLVED)).isTrue();
    assertThat(AlertViews.allowed(ACKNOWLEDGED, FALSE_POSITIVE)).isTrue();
    assertThat(AlertViews.allowed(RESOLVED, FALSE_POSITIVE)).isTrue();
    assertThat(AlertViews.allowed(RESOLVED, RESOLVED)).as("no change").isTrue();

    assertThat(AlertViews.allowed(ACKNOWLEDGED, OPEN)).isFalse();
    assertThat(AlertViews.allowed(RESOLVED, ACKNOWLEDGED)).isFalse();
    assertThat(AlertViews.allowed(RESOLVED, OPEN)).isFalse();
    assertThat(AlertViews.allowed(FALSE_POSITIVE, RESOLVED)).isFalse();
    assertThat(AlertViews.allowed(FALSE_POSITIVE, OPEN)).isFalse();
  }

  @Test
  void statusNamesAcceptUnderscoresDashesAndAnyCase() {
    assertThat(AlertViews.status("false_positive")).isEqualTo(FALSE_POSITIVE);
    assertThat(AlertViews.status("False-Positive")).isEqualTo(FALSE_POSITIVE);
    assertThat(AlertViews.status(" acknowledged ")).isEqualTo(ACKNOWLEDGED);
    assertThatThrownBy(() -> AlertViews.status("closed"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("open, acknowledged, resolved, false_positive");
  }

  @Test
  void filtersParseCommaSeparatedListsAndBoundTheLimit() {
    AlertViews.Filter f = AlertViews.Filter.parse("open, acknowledged", "high,critical", " r1 ", 5);
    assertThat(f.statuses()).containsExactlyInAnyOrder(OPEN, ACKNOWLEDGED);
    assertThat(f.severities()).containsExactlyInAnyOrder(Severity.HIGH, Severity.CRITICAL);
    assertThat(f.rule()).isEqualTo("r1");
    assertThat(f.limit()).isEqualTo(5);

    AlertViews.Filter all = AlertViews.Filter.parse(null, "", null, null);
    assertThat(all.statuses()).isEmpty();
    assertThat(all.severities()).isEmpty();
    assertThat(all.rule()).isNull();
    assertThat(all.limit()).isEqualTo(AlertViews.DEFAULT_LIMIT);

    assertThatThrownBy(() -> AlertViews.Filter.parse(null, null, null, 1001))
        .isInstanceOf(MantissaException.class)
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
