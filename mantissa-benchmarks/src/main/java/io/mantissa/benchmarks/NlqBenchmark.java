package io.mantissa.benchmarks;

import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.nlq.NlqEngine;
import io.mantissa.nlq.QuestionSet;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NLQ question set with the offline planner over the synthetic demo data: execution accuracy
 * per category, and the planning latency (question to checked SQL in the backend's dialect, without
 * the backend's estimate and execution) over repeated rounds with cold caches.
 *
 * <pre>
 * java -cp mantissa-benchmarks/target/benchmarks.jar io.mantissa.benchmarks.NlqBenchmark \
 *     [rounds=5] [days=10] [eventsPerDay=1500]
 * </pre>
 */
public final class NlqBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");

  private NlqBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args rounds, days, events per day
   */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int perDay = args.length > 2 ? Integer.parseInt(args[2]) : 1_500;
    Path dir = Files.createTempDirectory("mantissa-nlq-bench");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    SyntheticDataset data =
        SyntheticDataGenerator.builder()
            .seed(42)
            .end(NOW)
            .days(days)
            .eventsPerDay(perDay)
            .scenarios(SyntheticDataGenerator.allScenarios())
            .sources(
                java.util.stream.Stream.concat(
                        SyntheticDataGenerator.SOURCES.stream(),
                        SyntheticDataGenerator.APM_SOURCES.stream())
                    .toList())
            .build()
            .generate();
    try (LocalEventStore store = LocalEventStore.open(dir, clock)) {
      SourceCatalog sources = SourceCatalog.load(); // with mantissa-apm's OTLP parsers
      NdjsonIngestor ingestor = NdjsonIngestor.builder(store).clock(clock).build();
      for (Map.Entry<String, List<String>> e : data.lines().entrySet()) {
        byte[] body = String.join("\n", e.getValue()).getBytes(StandardCharsets.UTF_8);
        ingestor.ingest(
            sources.parser(e.getKey(), ProviderContext.of(MantissaConfig.defaults(), e.getKey())),
            new ByteArrayInputStream(body),
            e.getKey());
      }
    }
    OUT.printf(Locale.ROOT, "%d events over %d days in %s%n", data.size(), days, dir);
    MantissaConfig config = MantissaConfig.builder().dataDir(dir.resolve("state")).build();
    List<Duration> planning = new ArrayList<>();
    QuestionSet set = QuestionSet.builtIn();
    try (LocalQueryBackend backend = LocalQueryBackend.open(dir);
        StateStore state =
            new LocalStateStoreProvider().create(new ProviderContext(config, clock, Map.of()))) {
      for (int round = 1; round <= rounds; round++) {
        NlqEngine engine = NlqEngine.builder(backend).stateStore(state).clock(clock).build();
        QuestionSet.Report report = set.run(engine, backend, NOW);
        report.outcomes().forEach(o -> planning.add(o.planning()));
        OUT.printf(Locale.ROOT, "round %d: %s", round, report.summary());
      }
    }
    planning.sort(null);
    OUT.printf(
        Locale.ROOT,
        "planning over %d answers: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        planning.size(),
        ms(planning, 0.50),
        ms(planning, 0.90),
        ms(planning, 0.99),
        planning.get(planning.size() - 1).toNanos() / 1e6);
  }

  private static double ms(List<Duration> sorted, double q) {
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, i)).toNanos() / 1e6;
  }
}
