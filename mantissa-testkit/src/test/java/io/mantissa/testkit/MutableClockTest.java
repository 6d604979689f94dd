package io.mantissa.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  @Test
  void standsStillUntilMoved() {
    MutableClock clock = MutableClock.create();

    assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
    assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
    assertThat(clock.millis()).isEqualTo(MutableClock.DEFAULT_START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void advancesAndIsSet() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-05-01T00:00:00Z"));

    assertThat(clock.advance(Duration.ofMinutes(90))).isEqualTo("2026-05-01T01:30:00Z");
    assertThat(clock.advance(Duration.ofMinutes(-30))).isEqualTo("2026-05-01T01:00:00Z");
    clock.set(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo("2020-01-01T00:00:00Z");
  }

  @Test
  void aZonedViewSharesTheInstant() {
    MutableClock clock = MutableClock.create();
    MutableClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris).isNotEqualTo(clock);
    assertThat(paris.withZone(ZoneOffset.UTC)).isEqualTo(clock);
  }

  @Test
  void concurrentAdvancesAddUp() throws Exception {
    MutableClock clock = MutableClock.create();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 1_000; i++) {
                    clock.advance(Duration.ofMillis(1));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START.plusMillis(4_000));
  }
}
