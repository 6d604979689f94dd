package io.mantissa.benchmarks;

import io.mantissa.api.Event;
import io.mantissa.backend.local.LocalEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest throughput of the local lake on one thread: durable appends of 10,000 Okta-sized (~2.5 KB
 * per stored line) events per batch, one hour of event time per batch. The score is events per
 * second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class IngestBenchmark {
  static final int BATCH = 10_000;

  /** The deflate level of the batch files. */
  @Param({"1"})
  public int gzipLevel;

  /**
   * {@code id-time}: events differ in id and time only (the template repeated, which compresses
   * unrealistically well); {@code varied}: user, IP, request ids and outcome vary too.
   */
  @Param({"id-time", "varied"})
  public String variety;

  private Path dir;
  private LocalEventStore store;
  private List<Event> events;

  /** Builds the events once and opens a store in a temporary directory. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("mantissa-ingest-bench");
    store = LocalEventStore.open(dir, Clock.systemUTC(), gzipLevel);
    events = batch(variety);
  }

  /** The {@value #BATCH} events of one append for {@code variety} (see {@link #variety}). */
  static List<Event> batch(String variety) {
    return new OktaEvents()
        .batch(0, BATCH, Instant.parse("2026-11-25T10:00:00Z"), 300, variety.equals("varied"));
  }

  /** Deletes {@code dir} and everything under it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Closes the store and deletes the lake. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    deleteTree(dir);
  }

  /** One durable append of {@value #BATCH} events. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long append() {
    return store.append("okta", events).bytes();
  }
}
