package io.mantissa.benchmarks;

import io.mantissa.api.TimeRange;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end: ingest N Okta-sized events spread evenly over D days into a fresh local lake, time a
 * one-hour {@code count(*)} before compaction, compact, and time it again. Prints every figure.
 *
 * <pre>
 * java -cp mantissa-benchmarks/target/benchmarks.jar io.mantissa.benchmarks.LakeQueryBenchmark \
 *     [events=10000000] [days=10] [dataDir=temporary] [runs=10]
 * </pre>
 */
public final class LakeQueryBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
  private static final int BATCH = 50_000;

  private LakeQueryBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args events, days, data directory, timed runs (all optional)
   */
  public static void main(String[] args) throws IOException {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir =
        args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("mantissa-query-bench");
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    long spanNanos = Duration.ofDays(days).toNanos();
    OUT.printf(
        Locale.ROOT,
        "lake %s: %,d events over %d days, java %s, %d cpus%n",
        dir,
        total,
        days,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());

    OktaEvents okta = new OktaEvents();
    try (LocalEventStore store = LocalEventStore.open(dir, Clock.systemUTC());
        LocalQueryBackend backend = LocalQueryBackend.open(dir)) {
      long t0 = System.nanoTime();
      long bytes = 0;
      for (long first = 0; first < total; first += BATCH) {
        int count = (int) Math.min(BATCH, total - first);
        List<io.mantissa.api.Event> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          long n = first + i;
          batch.add(okta.variedEvent(n, START.plusNanos(spanNanos / total * n)));
        }
        bytes += store.append("okta", batch).bytes();
        if ((first / BATCH) % 20 == 0) {
          OUT.printf(Locale.ROOT, "  ingested %,d%n", first + count);
        }
      }
      double ingestSeconds = (System.nanoTime() - t0) / 1e9;
      OUT.printf(
          Locale.ROOT,
          "ingest: %,d events in %.1f s = %,.0f events/s (generation included), %,d bytes of"
              + " compressed NDJSON (%.0f bytes/event)%n",
          total,
          ingestSeconds,
          total / ingestSeconds,
          bytes,
          (double) bytes / total);

      Instant hour = START.plus(Duration.ofDays(days).dividedBy(2)).plusSeconds(12 * 3600);
      TimeRange range = new TimeRange(hour, hour.plusSeconds(3600));
      String sql =
          "SELECT count(*) FROM okta WHERE time >= TIMESTAMPTZ '"
              + range.start()
              + "' AND time < TIMESTAMPTZ '"
              + range.end()
              + "'";
      OUT.println("query: " + sql);
      timeQuery("before compaction", backend, sql, range, runs);

      long c0 = System.nanoTime();
      long compacted = store.compact();
      OUT.printf(
          Locale.ROOT,
          "compaction: %,d events in %.1f s%n",
          compacted,
          (System.nanoTime() - c0) / 1e9);
      timeQuery("after compaction", backend, sql, range, runs);
      timeQuery(
          "after compaction, whole lake",
          backend,
          "SELECT count(*) FROM okta",
          new TimeRange(START, START.plus(Duration.ofDays(days + 1))),
          Math.min(runs, 3));
    }
  }

  private static void timeQuery(
      String label, LocalQueryBackend backend, String sql, TimeRange range, int runs) {
    QueryRequest request = new QueryRequest(sql, range, 10, Duration.ofMinutes(10));
    CostEstimate estimate = backend.estimate(request);
    List<Double> millis = new ArrayList<>();
    Object count = null;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      QueryResult result = backend.execute(request);
      millis.add((System.nanoTime() - t) / 1e6);
      count = result.rows().get(0).get(0);
    }
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    OUT.printf(
        Locale.ROOT,
        "%s: count=%s, %d files, %d partitions, %,d bytes; ms per run %s; min %.1f, median %.1f,"
            + " max %.1f%n",
        label,
        count,
        estimate.files(),
        estimate.partitions(),
        estimate.bytesScanned(),
        format(millis),
        sorted.get(0),
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1));
  }

  private static String format(List<Double> millis) {
    List<String> parts = new ArrayList<>();
    for (double m : millis) {
      parts.add(String.format(Locale.ROOT, "%.1f", m));
    }
    return String.join(" ", parts);
  }
}
