package io.mantissa.itdr;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Objects;

/**
 * When {@link KillChainTracker} reports a progression.
 *
 * @param minStages distinct kill-chain stages an identity must reach (default 3, 2 to 8)
 * @param window the time they must fall in, by finding time (default 7 days)
 */
public record KillChainSettings(int minStages, Duration window) {

  /** Validates. */
  public KillChainSettings {
    if (minStages < 2 || minStages > KillChainStage.values().length) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "itdr kill chain: minStages must be 2 to "
              + KillChainStage.values().length
              + ", was "
              + minStages);
    }
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "itdr kill chain: window must be positive, was " + window);
    }
  }

  /** Three stages within seven days. */
  public static KillChainSettings defaults() {
    return new KillChainSettings(3, Duration.ofDays(7));
  }
}
