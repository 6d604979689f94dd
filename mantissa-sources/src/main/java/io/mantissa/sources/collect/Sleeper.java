package io.mantissa.sources.collect;

import java.time.Duration;

/** Waits; injected so that tests never sleep. */
@FunctionalInterface
public interface Sleeper {

  /** The real one: {@link Thread#sleep}, ending early (with the interrupt kept) on interrupt. */
  Sleeper SYSTEM =
      duration -> {
        try {
          Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  /** Waits for {@code duration}. */
  void sleep(Duration duration);
}
