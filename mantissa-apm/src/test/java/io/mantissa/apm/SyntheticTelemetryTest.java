package io.mantissa.apm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.spi.ProviderContext;
import io.mantissa.testkit.InMemoryEventStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthetic generator's OTLP/JSON telemetry decodes with the APM parsers through the ordinary
 * ingest path, tells the story it is built to tell, and leaves the other sources' bytes alone.
 */
class SyntheticTelemetryTest {
  static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
  private static SyntheticDataset data;
  private static final InMemoryEventStore STORE = new InMemoryEventStore();

  private static List<String> withApm() {
    List<String> all = new ArrayList<>(SyntheticDataGenerator.SOURCES);
    all.addAll(SyntheticDataGenerator.APM_SOURCES);
    return all;
  }

  private static SyntheticDataGenerator.Builder base() {
    return SyntheticDataGenerator.builder().end(NOW).seed(42).days(2).eventsPerDay(300);
  }

  @BeforeAll
  static void generateAndIngest() {
    data = base().sources(withApm()).build().generate();
    SourceCatalog catalog = SourceCatalog.load();
    for (String source : SyntheticDataGenerator.APM_SOURCES) {
      byte[] body = String.join("\n", data.lines(source)).getBytes(StandardCharsets.UTF_8);
      IngestReport report =
          NdjsonIngestor.builder(STORE)
              .build()
              .ingest(
                  catalog.parser(source, ProviderContext.of(MantissaConfig.defaults(), source)),
                  new ByteArrayInputStream(body),
                  source);
      assertThat(report.rejected()).as(source + ": " + report.errors()).isZero();
    }
  }

  @Test
  void addingTheApmSourcesChangesNoOtherSourcesBytesAndIsDeterministic() {
    SyntheticDataset without = base().build().generate();
    for (String source : SyntheticDataGenerator.SOURCES) {
      assertThat(data.lines(source)).as(source).isEqualTo(without.lines(source));
    }
    assertThat(without.sources()).doesNotContainAnyElementsOf(SyntheticDataGenerator.APM_SOURCES);
    assertThat(data.sources()).endsWith("otel_traces", "otel_metrics");
    SyntheticDataset again = base().sources(withApm()).build().generate();
    assertThat(again.lines("otel_traces")).isEqualTo(data.lines("otel_traces"));
    assertThat(again.lines("otel_metrics")).isEqualTo(data.lines("otel_metrics"));
    SyntheticDataset other = base().seed(43).sources(withApm()).build().generate();
    assertThat(other.lines("otel_traces")).isNotEqualTo(data.lines("otel_traces"));
  }

  @Test
  void tracesLinkFrontendCheckoutPaymentsAndTheDatabase() {
    List<Event> spans = STORE.events("otel_traces");
    assertThat(spans).hasSizeGreaterThan(1_000);
    assertThat(spans.stream().map(e -> e.fields().get("serviceName")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("frontend", "checkout", "payments");
    assertThat(spans)
        .allSatisfy(e -> assertThat(e.time()).isBetween(NOW.minus(Duration.ofDays(2)), NOW));
    Map<String, Event> byId = new HashMap<>();
    spans.forEach(e -> byId.put((String) e.fields().get("spanId"), e));
    Set<String> chains = new HashSet<>();
    for (Event e : spans) {
      if ("CLIENT".equals(e.fields().get("kind"))) {
        List<String> chain = new ArrayList<>();
        Event at = e;
        while (at != null) {
          chain.add(at.fields().get("serviceName") + ":" + at.fields().get("name"));
          Event parent = byId.get((String) at.fields().get("parentSpanId"));
          if (parent != null) {
            // a child lies inside its parent
            assertThat(at.time()).isAfterOrEqualTo(parent.time());
            assertThat(Long.parseLong((String) at.fields().get("endTimeUnixNano")))
                .isLessThanOrEqualTo(
                    Long.parseLong((String) parent.fields().get("endTimeUnixNano")));
          }
          at = parent;
        }
        chains.add(String.join(" <- ", chain));
      }
    }
    assertThat(chains)
        .containsExactly(
            "payments:INSERT payments.charges <- payments:POST /api/charge"
                + " <- checkout:POST /api/checkout <- frontend:POST /checkout");
  }

  @Test
  void theSlowPeriodIsSlowAndFailsMore() {
    Instant slowStart = NOW.minus(Duration.ofHours(3));
    Instant slowEnd = slowStart.plus(Duration.ofMinutes(45));
    List<Double> slowDb = new ArrayList<>();
    List<Double> normalDb = new ArrayList<>();
    int slowCharges = 0;
    int slowErrors = 0;
    int charges = 0;
    int errors = 0;
    for (Event e : STORE.events("otel_traces")) {
      boolean slow = !e.time().isBefore(slowStart) && e.time().isBefore(slowEnd);
      if ("CLIENT".equals(e.fields().get("kind"))) {
        (slow ? slowDb : normalDb).add(((Number) e.fields().get("durationMs")).doubleValue());
      }
      if ("/api/charge".equals(e.fields().get("httpRoute"))) {
        boolean error = "ERROR".equals(e.fields().get("statusCode"));
        if (slow) {
          slowCharges++;
          slowErrors += error ? 1 : 0;
        } else {
          charges++;
          errors += error ? 1 : 0;
        }
      }
    }
    assertThat(slowDb).isNotEmpty();
    assertThat(median(slowDb)).isGreaterThan(150);
    assertThat(median(normalDb)).isLessThan(20);
    assertThat(slowErrors).isPositive();
    assertThat((double) slowErrors / slowCharges).isGreaterThan((double) errors / charges);
    assertThat((double) errors / charges).isLessThan(0.05);
  }

  @Test
  void metricsHoldTheRequestDurationHistogramAndCpuPerService() {
    List<Event> points = STORE.events("otel_metrics");
    assertThat(points.stream().map(e -> e.fields().get("metricName")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("http.server.request.duration", "process.cpu.utilization");
    long histogramCount =
        points.stream()
            .filter(e -> "histogram".equals(e.fields().get("type")))
            .mapToLong(e -> ((Number) e.fields().get("count")).longValue())
            .sum();
    long serverSpans =
        STORE.events("otel_traces").stream()
            .filter(e -> "SERVER".equals(e.fields().get("kind")))
            .count();
    assertThat(histogramCount).isBetween(serverSpans - 200, serverSpans);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
