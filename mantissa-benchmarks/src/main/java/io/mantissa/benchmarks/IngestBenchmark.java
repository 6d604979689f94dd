package io.mantissa.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.SourceLocation;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.RawCompression;
import io.mantissa.sources.JsonEventParser;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.source.ParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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

  /**
   * The compression of the batch files, {@code codec:level}: {@code zstd:1} is the store's default,
   * {@code gzip:2} its default before 2026-11-26 (see {@link #compression(String)}).
   */
  @Param({"zstd:1", "gzip:2"})
  public String compression;

  /**
   * {@code id-time}: events differ in id and time only (the template repeated, which compresses
   * unrealistically well); {@code varied}: user, IP, request ids and outcome vary too.
   */
  @Param({"id-time", "varied"})
  public String variety;

  /**
   * {@code parsed}: the events as {@link JsonEventParser} makes them from the NDJSON lines of the
   * same records (the ingest path: they carry their line, which the store writes as it is, and
   * OktaNormalizer's OCSF fields); {@code maps}: events built from maps in code, whose fields the
   * store serialises; {@code parsed-fields}: the {@code parsed} events without their line, so that
   * the store serialises their fields (the same lines as {@code parsed}, written the old way).
   */
  @Param({"parsed", "parsed-fields", "maps"})
  public String input;

  private Path dir;
  private LocalEventStore store;
  private List<Event> events;

  /** Builds the events once and opens a store in a temporary directory. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("mantissa-ingest-bench");
    store = LocalEventStore.open(dir, Clock.systemUTC(), compression(compression));
    events = batch(variety, input);
  }

  /** Parses {@code zstd:LEVEL} or {@code gzip:LEVEL} (the level may be left out). */
  static RawCompression compression(String spec) {
    String[] parts = spec.split(":", 2);
    return RawCompression.fromSettings(parts[0], parts.length > 1 ? parts[1] : null, null);
  }

  /**
   * The {@value #BATCH} events of one append for {@code variety} and {@code input} (see {@link
   * #variety}, {@link #input}).
   */
  static List<Event> batch(String variety, String input) {
    List<Event> built =
        new OktaEvents()
            .batch(0, BATCH, Instant.parse("2026-11-25T10:00:00Z"), 300, variety.equals("varied"));
    return switch (input) {
      case "maps" -> built;
      case "parsed" -> parse(ndjsonLines(built));
      case "parsed-fields" -> {
        List<Event> copies = withoutLines(parse(ndjsonLines(built)));
        if (copies.get(0).rawJson().isPresent()) {
          throw new IllegalStateException("parsed-fields events must not carry their line");
        }
        yield copies;
      }
      default ->
          throw new IllegalArgumentException(
              "input must be parsed, parsed-fields or maps: " + input);
    };
  }

  /** The native fields of {@code events} as NDJSON lines, as a vendor API delivers them. */
  static List<String> ndjsonLines(List<Event> events) {
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = new ArrayList<>(events.size());
    try {
      for (Event event : events) {
        lines.add(mapper.writeValueAsString(event.fields()));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return lines;
  }

  /**
   * The same events without the JSON text of their fields (the text travels with the fields map, so
   * the top level of the map is copied).
   */
  static List<Event> withoutLines(List<Event> events) {
    List<Event> copies = new ArrayList<>(events.size());
    for (Event e : events) {
      copies.add(
          new Event(e.source(), e.time(), e.id(), new LinkedHashMap<>(e.fields()), e.normalized()));
    }
    return copies;
  }

  /** The {@value #BATCH} NDJSON lines of the records of {@code variety}. */
  static List<String> lines(String variety) {
    return ndjsonLines(batch(variety, "maps"));
  }

  /** The events that the {@code okta} source's parser makes of {@code lines}. */
  static List<Event> parse(List<String> lines) {
    JsonEventParser parser =
        new JsonEventParser(SourceCatalog.builtIn().spec("okta").orElseThrow());
    List<Event> events = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      ParseResult result = parser.parse(lines.get(i), new SourceLocation("bench", i + 1, 1));
      if (!(result instanceof ParseResult.Parsed parsed)) {
        throw new IllegalStateException("line " + (i + 1) + " rejected: " + result);
      }
      events.addAll(parsed.events());
    }
    return events;
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
