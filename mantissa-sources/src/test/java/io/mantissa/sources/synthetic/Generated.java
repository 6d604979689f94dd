package io.mantissa.sources.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.testkit.InMemoryEventStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a generated dataset through the real ingest path: parsers, normalizers, dead letters. */
final class Generated {
  final SyntheticDataset data;
  final Map<String, List<Event>> events = new LinkedHashMap<>();
  final Map<String, IngestReport> reports = new LinkedHashMap<>();
  final InMemoryEventStore store = new InMemoryEventStore();

  Generated(SyntheticDataset data) {
    this.data = data;
    SourceCatalog catalog = SourceCatalog.builtIn();
    NdjsonIngestor ingestor = NdjsonIngestor.builder(store).build();
    for (String source : data.sources()) {
      String text = String.join("\n", data.lines(source)) + "\n";
      IngestReport report =
          ingestor.ingest(
              catalog.parser(source, ProviderContext.of(MantissaConfig.defaults(), source)),
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
              "synthetic/" + source);
      reports.put(source, report);
      events.put(source, store.events(source));
    }
  }

  /** Asserts that every line became exactly one event and nothing was dead-lettered. */
  Generated clean() {
    assertThat(store.inMemoryDeadLetters().all()).isEmpty();
    for (String source : data.sources()) {
      IngestReport r = reports.get(source);
      assertThat(r.rejected()).as("rejected lines of %s: %s", source, r.errors()).isZero();
      assertThat(r.accepted()).as(source).isEqualTo(data.lines(source).size());
    }
    return this;
  }

  List<Event> of(String source) {
    return events.getOrDefault(source, List.of());
  }

  Event byId(String source, String id) {
    return of(source).stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }
}
