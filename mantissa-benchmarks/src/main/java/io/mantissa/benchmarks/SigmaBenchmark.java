package io.mantissa.benchmarks;

import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.sigma.CompileOptions;
import io.mantissa.sigma.LogSource;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.RuleSet;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.sigma.sql.SqlConverter;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.sources.synthetic.SyntheticRecord;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.query.SqlDialect;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sigma speed (issue 3 item 9), on one thread.
 *
 * <ul>
 *   <li>{@link #evaluateRouted}: the in-memory evaluator ({@link RuleSet}) with the project's rule
 *       pack ({@code rules/}) plus the SigmaHQ rules of the cloud products (aws, azure, gcp, m365,
 *       okta, google_workspace, github, onelogin, kubernetes) over a realistic mix of events: the
 *       synthetic generator's records of all its sources (background plus every attack scenario),
 *       parsed by each source's real parser. Each event is matched against the rules whose log
 *       source covers the event's ({@code match(event, logSource)}), as a detection pipeline routes
 *       it. Score: events per second.
 *   <li>{@link #evaluateByTable}: each event matched against the rules whose log source the lake
 *       pipeline maps to the event's table, whatever their service or category (the routing of
 *       {@link #evaluateRouted} is coarser: one log source per source id, so rules naming a
 *       service, such as every Okta rule's {@code service: okta}, are left out for it).
 *   <li>{@link #evaluateAllRules}: the same without routing ({@code match(event)}: every rule's log
 *       source is ignored), an upper bound of the work.
 *   <li>{@link #parseAndConvertCorpus}: parse the whole SigmaHQ corpus (every file) and convert
 *       every rule and correlation to the four dialects with the lake pipeline plus a catch-all
 *       table for the other log sources; one shot per iteration, in seconds.
 * </ul>
 *
 * <p>Paths: {@code -Dsigma.rules=rules} (the project's pack) and {@code
 * -Dsigma.corpus=../shared/sigmahq}, relative to the working folder (the repository root). {@link
 * #main} measures the same in the thread's CPU time (what one core does on a shared machine).
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Threads(1)
public class SigmaBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  /** The cloud products of issue 3 (conformance item 5). */
  static final Set<String> CLOUD =
      Set.of(
          "aws",
          "azure",
          "gcp",
          "m365",
          "okta",
          "google_workspace",
          "github",
          "onelogin",
          "kubernetes");

  /** Events per evaluation invocation. */
  static final int EVENTS = 100_000;

  /** Source id → the log source its events carry (the lake pipeline's table entries, inverted). */
  static final Map<String, LogSource> LOG_SOURCES = logSources();

  RuleSet rules;
  Event[] events;
  LogSource[] sources;

  private static Map<String, LogSource> logSources() {
    Map<String, LogSource> m = new HashMap<>();
    m.put("okta", LogSource.of(null, "okta", null));
    m.put("aws_cloudtrail", LogSource.of(null, "aws", "cloudtrail"));
    m.put("aws_guardduty", LogSource.of(null, "aws", "guardduty"));
    m.put("aws_vpcflow", LogSource.of(null, "aws", "vpcflow"));
    m.put("gcp_audit", LogSource.of(null, "gcp", "gcp.audit"));
    m.put("google_workspace", LogSource.of(null, "google_workspace", null));
    m.put("azure_activity", LogSource.of(null, "azure", "activitylogs"));
    m.put("entra_audit", LogSource.of(null, "azure", "auditlogs"));
    m.put("entra_signin", LogSource.of(null, "azure", "signinlogs"));
    m.put("m365", LogSource.of(null, "m365", null));
    m.put("github", LogSource.of(null, "github", null));
    m.put("onelogin", LogSource.of(null, "onelogin", null));
    m.put("kubernetes", LogSource.of(null, "kubernetes", null));
    m.put("jamf_pro", LogSource.of(null, "jamf", null));
    for (String s :
        List.of(
            "duo", "slack", "onepassword", "salesforce", "snowflake", "crowdstrike", "docker")) {
      m.put(s, LogSource.of(null, s, null));
    }
    return m;
  }

  static Path rulesPath() {
    return Path.of(System.getProperty("sigma.rules", "rules"));
  }

  static Path corpusPath() {
    Path p = Path.of(System.getProperty("sigma.corpus", "../shared/sigmahq"));
    if (!Files.isDirectory(p)) {
      p = Path.of("/work/shared/sigmahq");
    }
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("the SigmaHQ corpus is missing: set -Dsigma.corpus");
    }
    return p;
  }

  /** The rule pack plus the SigmaHQ cloud rules under {@code rules*}. */
  static List<SigmaDocument> benchmarkRules() {
    List<SigmaDocument> docs = new ArrayList<>(RuleCatalog.load(rulesPath()).documents());
    Path corpus = corpusPath();
    List<Path> files = new ArrayList<>();
    try (var dirs = Files.list(corpus)) {
      for (Path d : dirs.sorted().toList()) {
        if (Files.isDirectory(d) && d.getFileName().toString().startsWith("rules")) {
          files.addAll(RuleCatalog.files(d));
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    for (SigmaDocument d : RuleCatalog.load(files).documents()) {
      if (d.metadata()
          .logSource()
          .product()
          .map(p -> CLOUD.contains(p.toLowerCase(Locale.ROOT)))
          .orElse(false)) {
        docs.add(d);
      }
    }
    return docs;
  }

  static RuleSet compile(List<SigmaDocument> docs) {
    return RuleSet.compile(
        docs,
        CompileOptions.defaults()
            .withUnknownPlaceholders(CompileOptions.UnknownPlaceholders.MATCH_ANY));
  }

  /** The synthetic dataset the event mix is made of. */
  static SyntheticDataset dataset(int count) {
    return SyntheticDataGenerator.builder()
        .end(Instant.parse("2026-11-26T00:00:00Z"))
        .days(2)
        .eventsPerDay(count / 2)
        .seed(42)
        .scenarios(SyntheticDataGenerator.allScenarios())
        .build()
        .generate();
  }

  /** The parser of a source, as the ingest path builds it. */
  static EventParser parser(String source) {
    return SourceCatalog.builtIn()
        .parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
  }

  /** The synthetic event mix, parsed by the real parsers, in time order. */
  static List<Event> eventMix(int count) {
    SyntheticDataset data = dataset(count);
    Map<String, EventParser> parsers = new HashMap<>();
    List<Event> out = new ArrayList<>();
    long line = 0;
    for (SyntheticRecord r : (Iterable<SyntheticRecord>) data.stream()::iterator) {
      EventParser parser = parsers.computeIfAbsent(r.source(), SigmaBenchmark::parser);
      ParseResult result = parser.parse(r.line(), SourceLocation.line("synthetic", ++line));
      if (result instanceof ParseResult.Parsed p) {
        out.addAll(p.events());
      }
    }
    return out;
  }

  /** Loads the rules and the events. */
  @Setup(Level.Trial)
  public void setUp() {
    rules = compile(benchmarkRules());
    List<Event> mix = eventMix(EVENTS);
    events = new Event[EVENTS];
    sources = new LogSource[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      events[i] = mix.get(i % mix.size());
      sources[i] = LOG_SOURCES.getOrDefault(events[i].source(), LogSource.ANY);
    }
  }

  /** Evaluates every event against the rules of its log source. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(EVENTS)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 5, time = 5)
  public int evaluateRouted() {
    int matches = 0;
    for (int i = 0; i < events.length; i++) {
      matches += rules.match(events[i], sources[i]).size();
    }
    return matches;
  }

  /** The lake pipeline's table of a rule's log source (null when it maps to none). */
  static final Function<LogSource, String> LAKE_TABLES = lakeTables();

  private static Function<LogSource, String> lakeTables() {
    FieldMapping lake = FieldMapping.lake();
    return ls -> lake.table(ls).orElse(null);
  }

  /**
   * Evaluates every event against the rules whose log source the lake pipeline maps to the event's
   * table (its source id): the rules the scheduled SQL would query that table for.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(EVENTS)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 5, time = 5)
  public int evaluateByTable() {
    int matches = 0;
    for (Event e : events) {
      matches += rules.match(e, LAKE_TABLES, e.source()).size();
    }
    return matches;
  }

  /** Evaluates every event against every rule, log sources ignored. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(EVENTS)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 5, time = 5)
  public int evaluateAllRules() {
    int matches = 0;
    for (Event e : events) {
      matches += rules.match(e).size();
    }
    return matches;
  }

  /** Parses the whole SigmaHQ corpus and converts every rule to the four dialects. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public void parseAndConvertCorpus(Blackhole bh) {
    bh.consume(parseAndConvert(corpusPath()));
  }

  /**
   * The lake pipeline plus a catch-all table for every other log source (Windows, Linux, network,
   * ...), so that every rule of the corpus is translated, not refused for its log source.
   */
  static final FieldMapping CORPUS_PIPELINE = corpusPipeline();

  private static FieldMapping corpusPipeline() {
    try (var in = FieldMapping.class.getResourceAsStream("lake-pipeline.yml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return FieldMapping.parse(
          yaml + "\n  - {logsource: {}, table: events}\n", "lake-pipeline.yml + catch-all");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Conversions done, failed: {converted, unsupported}. */
  static int[] parseAndConvert(Path corpus) {
    RuleCatalog catalog = RuleCatalog.load(corpus);
    List<SigmaRule> rules = new ArrayList<>();
    for (SigmaDocument d : catalog.documents()) {
      if (d instanceof SigmaRule r) {
        rules.add(r);
      }
    }
    FieldMapping mapping = CORPUS_PIPELINE;
    int ok = 0;
    int failed = 0;
    for (SigmaDocument d : catalog.documents()) {
      for (SqlDialect dialect : SqlDialect.values()) {
        try {
          if (d instanceof SigmaRule r) {
            SqlConverter.convert(r, dialect, mapping);
            ok++;
          } else if (d instanceof SigmaCorrelation c) {
            SqlConverter.convert(c, rules, dialect, mapping);
            ok++;
          }
        } catch (MantissaException e) {
          failed++;
        }
      }
    }
    return new int[] {ok, failed};
  }

  /**
   * Measures the same in the thread's CPU time: {@code [rounds=5]
   * [parts=routed,table,all,convert]}. Prints events per CPU-second for the three evaluation modes
   * (median and best round, after two warm-up rounds) and the CPU seconds of a corpus parse and
   * conversion; {@code parts} picks which run. {@code convert-once} instead times one parse and
   * conversion in a cold JVM.
   */
  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (args.length > 0 && args[0].equals("convert-once")) {
      // a cold JVM, as a CLI run: one parse and conversion of the corpus, nothing before it
      long wall = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      int[] counts = parseAndConvert(corpusPath());
      OUT.printf(
          Locale.ROOT,
          "cold corpus parse+convert (4 dialects): %.2f s wall, %.2f s CPU of this thread, %.2f s"
              + " CPU of the process (JIT included); %d conversions, %d unsupported%n",
          (System.nanoTime() - wall) / 1e9,
          (threads.getCurrentThreadCpuTime() - cpu) / 1e9,
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                  .getProcessCpuTime()
              / 1e9,
          counts[0],
          counts[1]);
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> parts =
        List.of((args.length > 1 ? args[1] : "routed,table,all,convert").split(",", -1));
    SigmaBenchmark b = new SigmaBenchmark();
    long t0 = threads.getCurrentThreadCpuTime();
    List<SigmaDocument> docs = benchmarkRules();
    b.rules = compile(docs);
    long t1 = threads.getCurrentThreadCpuTime();
    OUT.printf(
        Locale.ROOT,
        "rules: %d documents, %d compiled rules, %d distinct fields, %d shared tests, %d anchored;"
            + " load+compile %.2f s CPU%n",
        docs.size(),
        b.rules.rules().size(),
        b.rules.fieldCount(),
        b.rules.sharedTestCount(),
        b.rules.anchoredRuleCount(),
        (t1 - t0) / 1e9);
    b.setUpEvents();
    Map<String, Integer> bySource = new java.util.TreeMap<>();
    for (Event e : b.events) {
      bySource.merge(e.source(), 1, Integer::sum);
    }
    OUT.println("events: " + b.events.length + " by source " + bySource);
    for (String mode : List.of("routed", "table", "all")) {
      if (!parts.contains(mode)) {
        continue;
      }
      double[] rates = new double[rounds];
      int matches = 0;
      for (int round = -2; round < rounds; round++) {
        long start = threads.getCurrentThreadCpuTime();
        matches =
            mode.equals("routed")
                ? b.evaluateRouted()
                : mode.equals("table") ? b.evaluateByTable() : b.evaluateAllRules();
        long cpu = threads.getCurrentThreadCpuTime() - start;
        if (round >= 0) {
          rates[round] = b.events.length / (cpu / 1e9);
        }
      }
      Arrays.sort(rates);
      OUT.printf(
          Locale.ROOT,
          "evaluate %-6s: median %,.0f events/CPU-s, best %,.0f (%d rule matches per pass)%n",
          mode,
          rates[rounds / 2],
          rates[rounds - 1],
          matches);
    }
    if (parts.contains("pipeline")) {
      pipeline(b.rules, rounds, threads);
    }
    if (!parts.contains("convert")) {
      return;
    }
    double[] secs = new double[Math.max(1, rounds / 2)];
    int[] counts = null;
    for (int round = -1; round < secs.length; round++) {
      long start = threads.getCurrentThreadCpuTime();
      counts = parseAndConvert(corpusPath());
      long cpu = threads.getCurrentThreadCpuTime() - start;
      if (round >= 0) {
        secs[round] = cpu / 1e9;
      }
    }
    Arrays.sort(secs);
    OUT.printf(
        Locale.ROOT,
        "corpus parse+convert (4 dialects): median %.2f s CPU, best %.2f s (%d conversions, %d"
            + " unsupported)%n",
        secs[secs.length / 2],
        secs[0],
        counts[0],
        counts[1]);
  }

  /**
   * By table on the ingest path, as stream detection sees the events: each source's NDJSON lines of
   * the same synthetic mix go through {@link NdjsonIngestor} (its real parser, batches of 10,000,
   * appended to a {@link LocalEventStore} in a temporary directory, as {@code mantissa ingest}
   * does), and each stored batch is evaluated when the ingestor hands it on ({@code onStored}).
   * Only the evaluation is timed, in the thread's CPU time.
   */
  private static void pipeline(RuleSet rules, int rounds, ThreadMXBean threads) {
    SyntheticDataset data = dataset(EVENTS);
    Map<String, byte[]> ndjson = new java.util.TreeMap<>();
    Map<String, EventParser> parsers = new HashMap<>();
    for (String source : data.sources()) {
      String lines = String.join("\n", data.lines(source)) + "\n";
      ndjson.put(source, lines.getBytes(StandardCharsets.UTF_8));
      parsers.put(source, parser(source));
    }
    double[] rates = new double[rounds];
    long[] evaluated = new long[1];
    long[] cpu = new long[1];
    int[] matches = new int[1];
    for (int round = -2; round < rounds; round++) {
      evaluated[0] = 0;
      cpu[0] = 0;
      matches[0] = 0;
      try {
        Path dir = Files.createTempDirectory("mantissa-sigma-pipeline");
        try (LocalEventStore store = LocalEventStore.open(dir, Clock.systemUTC())) {
          NdjsonIngestor ingestor =
              NdjsonIngestor.builder(store)
                  .onStored(
                      batch -> {
                        long start = threads.getCurrentThreadCpuTime();
                        int m = 0;
                        for (Event e : batch) {
                          m += rules.match(e, LAKE_TABLES, e.source()).size();
                        }
                        cpu[0] += threads.getCurrentThreadCpuTime() - start;
                        evaluated[0] += batch.size();
                        matches[0] += m;
                      })
                  .build();
          ndjson.forEach(
              (source, bytes) ->
                  ingestor.ingest(
                      parsers.get(source), new java.io.ByteArrayInputStream(bytes), source));
        } finally {
          IngestBenchmark.deleteTree(dir);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (round >= 0) {
        rates[round] = evaluated[0] / (cpu[0] / 1e9);
      }
    }
    Arrays.sort(rates);
    OUT.printf(
        Locale.ROOT,
        "evaluate pipeline: median %,.0f events/CPU-s, best %,.0f (%d events, %d rule matches per"
            + " pass)%n",
        rates[rounds / 2],
        rates[rounds - 1],
        evaluated[0],
        matches[0]);
  }

  private void setUpEvents() {
    List<Event> mix = eventMix(EVENTS);
    events = mix.toArray(new Event[0]);
    sources = new LogSource[events.length];
    for (int i = 0; i < events.length; i++) {
      sources[i] = LOG_SOURCES.getOrDefault(events[i].source(), LogSource.ANY);
    }
  }
}
