package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends (of batches spanning several hours), compactions and queries at the same time: every
 * query sees whole batches only, never a duplicate, and never fewer events than before.
 */
class ConcurrentLakeTest {
  static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");
  static final int BATCHES = 40;
  static final int BATCH = 90;

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void queriesSeeWholeBatchesWhileAppendsAndCompactionsRun() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean writing = new AtomicBoolean(true);
    try (LocalEventStore store = LocalEventStore.open(dir, clock);
        LocalQueryBackend backend = LocalQueryBackend.open(dir)) {
      Future<?> writer =
          pool.submit(
              () -> {
                try {
                  for (int b = 0; b < BATCHES; b++) {
                    // 90 events one minute apart from a half hour: two or three hours per batch
                    store.append(
                        "okta",
                        TestEvents.oktaSeries(
                            "b" + b + "-", BASE.plusSeconds(1800L * b + 1800), 60_000, BATCH));
                  }
                } finally {
                  writing.set(false);
                }
              });
      Future<?> compactor =
          pool.submit(
              () -> {
                while (writing.get()) {
                  store.compact();
                }
                return null;
              });
      Future<Integer> reader =
          pool.submit(
              () -> {
                long last = 0;
                int queries = 0;
                while (writing.get() || queries == 0) {
                  List<Object> row =
                      backend
                          .execute(
                              QueryRequest.of(
                                  "SELECT count(*), count(DISTINCT id) FROM okta", TimeRange.all()))
                          .rows()
                          .get(0);
                  long count = (Long) row.get(0);
                  assertThat(row.get(1)).as("no duplicates").isEqualTo(count);
                  assertThat(count % BATCH).as("whole batches only").isZero();
                  assertThat(count).as("never fewer than before").isGreaterThanOrEqualTo(last);
                  last = count;
                  queries++;
                }
                return queries;
              });

      writer.get(100, TimeUnit.SECONDS);
      compactor.get(100, TimeUnit.SECONDS);
      assertThat(reader.get(100, TimeUnit.SECONDS)).isPositive();

      store.compact();
      List<Object> row =
          backend
              .execute(
                  QueryRequest.of("SELECT count(*), count(DISTINCT id) FROM okta", TimeRange.all()))
              .rows()
              .get(0);
      assertThat(row).containsExactly((long) BATCHES * BATCH, (long) BATCHES * BATCH);
    } finally {
      pool.shutdownNow();
    }
  }
}
