package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.GroundTruth;
import io.mantissa.sources.synthetic.Scenario;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.spi.ProviderContext;
import io.mantissa.testkit.InMemoryEventStore;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Self grants as the synthetic generator writes them, in CloudTrail and Okta. */
class SyntheticSelfGrantTest {

  @Test
  void anIamUserAttachingAPolicyToItselfAndAnOktaSelfGrantAreFound() {
    SyntheticDataset data =
        SyntheticDataGenerator.builder()
            .end(Instant.parse("2026-03-16T00:00:00Z"))
            .days(1)
            .eventsPerDay(500)
            .seed(7)
            .sources(List.of("okta", "aws_cloudtrail"))
            .scenario(Scenario.parse("self_grant"))
            .scenario(Scenario.parse("self_grant:source=okta,at=3h"))
            .build()
            .generate();
    InMemoryEventStore lake = new InMemoryEventStore();
    NdjsonIngestor ingestor = NdjsonIngestor.builder(lake).build();
    List<Event> events = new ArrayList<>();
    for (String source : data.sources()) {
      ingestor.ingest(
          SourceCatalog.builtIn()
              .parser(source, ProviderContext.of(MantissaConfig.defaults(), source)),
          new ByteArrayInputStream(
              (String.join("\n", data.lines(source)) + "\n").getBytes(StandardCharsets.UTF_8)),
          "synthetic/" + source);
      events.addAll(lake.events(source));
    }
    List<Finding> found =
        IdentityDetection.builder()
            .stateStore(new InMemoryStateStore(MutableClock.create()))
            .build()
            .runAll(events);
    List<String> scenarioEvents =
        data.groundTruth().stream()
            .map(GroundTruth::events)
            .flatMap(List::stream)
            .map(GroundTruth.EventRef::id)
            .toList();
    List<Finding> grants =
        found.stream().filter(f -> f.detectorId().equals(SelfPrivilegeGrantDetector.ID)).toList();
    assertThat(grants).hasSize(2);
    assertThat(grants)
        .allSatisfy(f -> assertThat(scenarioEvents).containsAll(f.evidenceEventIds()));
    assertThat(grants)
        .extracting(Finding::identityKey)
        .anySatisfy(k -> assertThat(k).startsWith("aws:"))
        .anySatisfy(k -> assertThat(k).endsWith("@acme.example"));
  }
}
