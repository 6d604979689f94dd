package io.mantissa.benchmarks;

import io.mantissa.api.Event;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.RawCompression;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The same durable appends as {@link IngestBenchmark}, timed in the appending thread's CPU time as
 * well as in wall time: on a shared machine the CPU time shows what one core does, without the time
 * slices that other processes take. Prints, per variant, the median and best batch in events per
 * CPU-second and per wall-second, for both inputs of {@link IngestBenchmark#input}.
 *
 * <p>Inputs: those of {@link IngestBenchmark#input}, and {@code lines}, where each timed batch also
 * parses its NDJSON lines ({@code JsonEventParser} with the OCSF normalization): the whole ingest
 * of a batch, parsing included.
 *
 * <p>Arguments: {@code [batches=60] [warm-up batches=20] [compressions=zstd:1]
 * [inputs=parsed,parsed-fields,maps,lines] [varieties=id-time,varied]}; compressions are {@code
 * codec:level} separated by commas, e.g. {@code zstd:1,zstd:3,gzip:2}.
 */
public final class IngestCpuBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private IngestCpuBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args measured batches, warm-up batches, compressions, inputs, varieties (all optional)
   */
  public static void main(String[] args) throws IOException {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    List<String> compressions = args.length > 2 ? List.of(args[2].split(",")) : List.of("zstd:1");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<String> inputs =
        args.length > 3
            ? List.of(args[3].split(","))
            : List.of("parsed", "parsed-fields", "maps", "lines");
    List<String> varieties =
        args.length > 4 ? List.of(args[4].split(",")) : List.of("id-time", "varied");
    for (String compression : compressions) {
      for (String input : inputs) {
        for (String variety : varieties) {
          run(input, variety, batches, warmUp, IngestBenchmark.compression(compression), threads);
        }
      }
    }
  }

  private static void run(
      String input,
      String variety,
      int batches,
      int warmUp,
      RawCompression compression,
      ThreadMXBean threads)
      throws IOException {
    // "lines": each timed batch parses the NDJSON lines (JsonEventParser, OCSF included) and
    // appends the events: the whole ingest of a batch on one thread.
    boolean endToEnd = input.equals("lines");
    List<String> lines = endToEnd ? IngestBenchmark.lines(variety) : List.of();
    List<Event> fixed = endToEnd ? List.of() : IngestBenchmark.batch(variety, input);
    int size = endToEnd ? lines.size() : fixed.size();
    Path dir = Files.createTempDirectory("mantissa-ingest-cpu");
    try (LocalEventStore store = LocalEventStore.open(dir, Clock.systemUTC(), compression)) {
      long[] cpu = new long[batches];
      long[] wall = new long[batches];
      long bytes = 0;
      for (int i = -warmUp; i < batches; i++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        List<Event> events = endToEnd ? IngestBenchmark.parse(lines) : fixed;
        long written = store.append("okta", events).bytes();
        if (i >= 0) {
          cpu[i] = threads.getCurrentThreadCpuTime() - cpu0;
          wall[i] = System.nanoTime() - wall0;
          bytes = written;
        }
      }
      Arrays.sort(cpu);
      Arrays.sort(wall);
      OUT.printf(
          "%-12s %-13s %-8s %d batches of %,d: events per CPU-second median %,.0f best %,.0f;"
              + " events per wall-second median %,.0f best %,.0f; %,d bytes per batch%n",
          compression,
          input,
          variety,
          batches,
          size,
          rate(size, cpu[batches / 2]),
          rate(size, cpu[0]),
          rate(size, wall[batches / 2]),
          rate(size, wall[0]),
          bytes);
    } finally {
      IngestBenchmark.deleteTree(dir);
    }
  }

  private static double rate(int events, long nanos) {
    return events / (nanos / 1e9);
  }
}
