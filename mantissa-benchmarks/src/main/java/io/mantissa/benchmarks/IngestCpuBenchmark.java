package io.mantissa.benchmarks;

import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.RawCompression;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * <p>Input {@code ndjson:SOURCE} ({@code ndjson} alone: {@code aws_cloudtrail}, {@code okta} and
 * {@code entra_signin}) measures ingest end to end per source family: each timed batch is one
 * {@link NdjsonIngestor#ingest} call over {@value IngestBenchmark#BATCH} UTF-8 NDJSON lines of that
 * source from {@link SyntheticDataGenerator} (seed 42, realistic varied records), read by the
 * source's own parser from {@link SourceCatalog} (JSON parse, event time and id, OCSF
 * normalisation) and appended to the store in one batch. The records' date-times are moved into one
 * hour (10:00-10:59 UTC, minutes and seconds kept) so that each batch is one hour file, as a
 * collector pulling every few minutes delivers them. Varieties do not apply to these inputs.
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
        if (input.equals("ndjson") || input.startsWith("ndjson:")) {
          List<String> sources =
              input.equals("ndjson")
                  ? NDJSON_SOURCES
                  : List.of(input.substring("ndjson:".length()).split("\\+"));
          for (String source : sources) {
            runNdjson(source, batches, warmUp, IngestBenchmark.compression(compression), threads);
          }
          continue;
        }
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

  /** The source families of input {@code ndjson}. */
  static final List<String> NDJSON_SOURCES = List.of("aws_cloudtrail", "okta", "entra_signin");

  private static final Pattern DATE_TIME_HOUR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:");

  /**
   * {@value IngestBenchmark#BATCH} NDJSON lines of {@code source} from the synthetic generator,
   * their date-times moved into one hour, as one UTF-8 byte array.
   */
  static byte[] sourceNdjson(String source) {
    List<String> lines =
        SyntheticDataGenerator.builder()
            .sources(List.of(source))
            .end(Instant.parse("2026-11-26T00:00:00Z"))
            .days(1)
            .eventsPerDay(IngestBenchmark.BATCH + IngestBenchmark.BATCH / 10)
            .seed(42)
            .build()
            .generate()
            .lines(source);
    if (lines.size() < IngestBenchmark.BATCH) {
      throw new IllegalStateException(
          "the generator wrote only " + lines.size() + " lines of " + source);
    }
    List<String> moved = new ArrayList<>(IngestBenchmark.BATCH);
    for (String line : lines.subList(0, IngestBenchmark.BATCH)) {
      moved.add(DATE_TIME_HOUR.matcher(line).replaceAll("2026-11-25T10:"));
    }
    return (String.join("\n", moved) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One source family end to end: each timed batch is one {@link NdjsonIngestor#ingest} of {@value
   * IngestBenchmark#BATCH} lines (parse, normalise, append).
   */
  private static void runNdjson(
      String source, int batches, int warmUp, RawCompression compression, ThreadMXBean threads)
      throws IOException {
    byte[] input = sourceNdjson(source);
    EventParser parser =
        SourceCatalog.builtIn()
            .parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
    Path dir = Files.createTempDirectory("mantissa-ingest-ndjson");
    try (LocalEventStore store = LocalEventStore.open(dir, Clock.systemUTC(), compression)) {
      NdjsonIngestor ingestor =
          NdjsonIngestor.builder(store).batchSize(IngestBenchmark.BATCH).build();
      long[] cpu = new long[batches];
      long[] wall = new long[batches];
      long events = 0;
      for (int i = -warmUp; i < batches; i++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        IngestReport report = ingestor.ingest(parser, new ByteArrayInputStream(input), source);
        long cpuTaken = threads.getCurrentThreadCpuTime() - cpu0;
        long wallTaken = System.nanoTime() - wall0;
        if (report.rejected() != 0 || report.accepted() != IngestBenchmark.BATCH) {
          throw new IllegalStateException("ingest of " + source + " rejected lines: " + report);
        }
        if (i >= 0) {
          cpu[i] = cpuTaken;
          wall[i] = wallTaken;
          events = report.accepted();
        }
      }
      Arrays.sort(cpu);
      Arrays.sort(wall);
      long[] stored = lakeBytes(dir);
      OUT.printf(
          "%-12s %-21s %d batches of %,d (%,d bytes of NDJSON): events per CPU-second median %,.0f"
              + " best %,.0f worst %,.0f; per wall-second median %,.0f best %,.0f;"
              + " %,d bytes per batch in %,d files%n",
          compression,
          "ndjson:" + source,
          batches,
          events,
          input.length,
          rate((int) events, cpu[batches / 2]),
          rate((int) events, cpu[0]),
          rate((int) events, cpu[batches - 1]),
          rate((int) events, wall[batches / 2]),
          rate((int) events, wall[0]),
          stored[0] / (batches + warmUp),
          stored[1] / (batches + warmUp));
    } finally {
      IngestBenchmark.deleteTree(dir);
    }
  }

  /** The total size and number of the raw batch files under {@code dir}. */
  private static long[] lakeBytes(Path dir) throws IOException {
    long[] sizeAndCount = new long[2];
    if (!Files.isDirectory(dir)) {
      return sizeAndCount;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(f -> f.toString().endsWith(".zst") || f.toString().endsWith(".gz"))
          .forEach(
              f -> {
                try {
                  sizeAndCount[0] += Files.size(f);
                  sizeAndCount[1]++;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return sizeAndCount;
  }

  private static double rate(int events, long nanos) {
    return events / (nanos / 1e9);
  }
}
