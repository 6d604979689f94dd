package io.mantissa.nlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in question set over the synthetic demo data (seed 42, 10 days to Tuesday 2026-11-03
 * 12:00 UTC, so that this week, last week, this month and last month all hold data; every scenario;
 * with the OTLP/JSON telemetry of the APM sources), with the offline planner only: at least 85%
 * execution accuracy.
 */
class QuestionSetIT {
  static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
  static final int DAYS = 10;
  static final int EVENTS_PER_DAY = 1_500;

  @TempDir Path dir;

  /** Generates the demo data into {@code dir} and answers the question set over it. */
  static QuestionSet.Report run(Path dir) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    SyntheticDataset data =
        SyntheticDataGenerator.builder()
            .seed(42)
            .end(NOW)
            .days(DAYS)
            .eventsPerDay(EVENTS_PER_DAY)
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
        var report =
            ingestor.ingest(
                sources.parser(
                    e.getKey(), ProviderContext.of(MantissaConfig.defaults(), e.getKey())),
                new ByteArrayInputStream(body),
                e.getKey());
        assertThat(report.rejected()).as(e.getKey()).isZero();
      }
      System.out.printf("generated %d events%n", data.size());
    }
    MantissaConfig config = MantissaConfig.builder().dataDir(dir.resolve("state")).build();
    try (LocalQueryBackend backend = LocalQueryBackend.open(dir);
        StateStore state =
            new LocalStateStoreProvider().create(new ProviderContext(config, clock, Map.of()))) {
      NlqEngine engine = NlqEngine.builder(backend).stateStore(state).clock(clock).build();
      return QuestionSet.builtIn().run(engine, backend, NOW);
    }
  }

  @Test
  void offlineAccuracyIsAtLeast85Percent() {
    QuestionSet.Report report = run(dir);
    System.out.println("question set:\n" + report.summary());
    assertThat(QuestionSet.builtIn().questions()).hasSizeGreaterThanOrEqualTo(60);
    assertThat(report.accuracy()).as(report.summary()).isGreaterThanOrEqualTo(0.85);
  }
}
