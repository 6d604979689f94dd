package io.mantissa.apm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.testkit.InMemoryEventStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OTLP exports go through the ordinary ingest path: {@code SourceCatalog.load()} finds the APM
 * parsers through {@link java.util.ServiceLoader}, {@link NdjsonIngestor} stores one event per span
 * or data point, and a bad export goes to the dead letters with its line and the reason.
 */
class OtlpIngestTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final SourceCatalog catalog = SourceCatalog.load();

  private IngestReport ingest(String source, String body) {
    return NdjsonIngestor.builder(store)
        .build()
        .ingest(
            catalog.parser(source, ProviderContext.of(MantissaConfig.defaults(), source)),
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
            source + ".ndjson");
  }

  private static String oneLine(String json) {
    return json.strip().replace("\n", "");
  }

  @Test
  void theCatalogUsesTheApmParsersForTheOtelSources() {
    assertThat(catalog.spec("otel_traces")).isEmpty();
    assertThat(catalog.spec("otel_metrics")).isEmpty();
    assertThat(catalog.parser("otel_traces", ProviderContext.of(MantissaConfig.defaults(), "x")))
        .isInstanceOf(OtlpTraceParser.class);
  }

  @Test
  void eachSpanAndEachPointIsOneEventAndABadExportIsDeadLettered() {
    String bad = oneLine(Fixtures.TRACES).replace("\"EEE19B7EC3C1B174\"", "\"zz\"");
    IngestReport traces =
        ingest(
            "otel_traces",
            oneLine(Fixtures.TRACES) + "\n" + bad + "\n" + oneLine(Fixtures.TRACES) + "\n");
    assertThat(traces.accepted()).isEqualTo(4);
    assertThat(traces.rejected()).isEqualTo(1);
    List<Event> spans = store.events("otel_traces");
    assertThat(spans).hasSize(4);
    assertThat(spans)
        .extracting(e -> e.fields().get("serviceName"))
        .containsExactly("frontend", "checkout", "frontend", "checkout");
    List<DeadLetter> dead = store.inMemoryDeadLetters().all();
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.source()).isEqualTo("otel_traces");
              assertThat(d.location().line()).isEqualTo(2);
              assertThat(d.reason())
                  .contains(
                      "resourceSpans[0].scopeSpans[0].spans[0].spanId 'zz' is not 16 hex digits");
              assertThat(d.content()).isEqualTo(bad);
            });

    IngestReport metrics = ingest("otel_metrics", oneLine(Fixtures.METRICS));
    assertThat(metrics.rejected()).isZero();
    assertThat(store.events("otel_metrics")).hasSize(3);
  }

  @Test
  void aSingleSpanPerRecordStillParses() {
    String span =
        "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
            + "\"name\":\"GET /\",\"kind\":2,\"startTimeUnixNano\":\"1764158400000000000\","
            + "\"endTimeUnixNano\":\"1764158400005000000\",\"resource\":{\"attributes\":"
            + "[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"web\"}}]}}";
    assertThat(ingest("otel_traces", span + "\n").accepted()).isEqualTo(1);
    assertThat(store.events("otel_traces").get(0).fields())
        .containsEntry("serviceName", "web")
        .containsEntry("durationMs", 5.0);
  }
}
