package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import io.mantissa.testkit.InMemoryEventStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Mutated and truncated JSON lines never escape as exceptions and are never lost. */
class NdjsonIngestorProperties {
  private static final List<String> SEEDS =
      List.of(
          "{\"uuid\":\"u-1\",\"published\":\"2024-05-01T10:00:00.123Z\",\"actor\":{\"alternateId\":\"a@b.c\",\"type\":\"User\"},\"outcome\":{\"result\":\"FAILURE\"}}",
          "{\"uuid\":\"u-2\",\"published\":1714557600123,\"target\":[{\"id\":1},{\"id\":2.5e3}],\"ok\":true,\"n\":null}",
          "{\"published\":\"2024-05-01 10:00:00\",\"s\":\"\\u00e9\\n\\\"q\\\"\",\"deep\":{\"a\":{\"b\":{\"c\":[]}}}}");
  private static final String NOISE = "{}[]\":,\\ 0123456789.eE+-tfnul\u00e9\u0000\t";

  /** A line: a seed, truncated, with some characters replaced, inserted or deleted. */
  @Provide
  Arbitrary<String> mutatedLines() {
    return AllParsersProperties.mutated(Arbitraries.of(SEEDS), NOISE, 400, 6);
  }

  /** Lines of an input: mutated ones mixed with intact seeds and blank lines. */
  @Provide
  Arbitrary<List<String>> inputs() {
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, mutatedLines()),
            net.jqwik.api.Tuple.of(3, Arbitraries.of(SEEDS)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of("", "  ", "\t")))
        .list()
        .ofMaxSize(25);
  }

  @Property(tries = 300)
  void parserNeverThrows(@ForAll("mutatedLines") String line) {
    EventParser parser = new JsonEventParser(SourceCatalog.builtIn().spec("okta").orElseThrow());
    ParseResult result = parser.parse(line, SourceLocation.line("p", 1));
    assertThat(result).isNotNull();
  }

  @Property(tries = 200)
  void everyLineIsAcceptedOrDeadLetteredWithItsLineNumber(@ForAll("inputs") List<String> lines) {
    InMemoryEventStore store = new InMemoryEventStore();
    EventParser parser = new JsonEventParser(SourceCatalog.builtIn().spec("okta").orElseThrow());
    String input = String.join("\n", lines);
    IngestReport report =
        NdjsonIngestor.builder(store)
            .batchSize(3)
            .build()
            .ingest(parser, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "p");

    List<Long> expectedRejected = new ArrayList<>();
    long expectedAccepted = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      if (parser.parse(line, SourceLocation.line("p", i + 1)) instanceof ParseResult.Parsed p) {
        expectedAccepted += p.events().size();
      } else {
        expectedRejected.add(i + 1L);
      }
    }
    assertThat(report.accepted()).isEqualTo(expectedAccepted);
    assertThat(store.events("okta")).hasSize((int) expectedAccepted);
    List<DeadLetter> deadLetters = store.inMemoryDeadLetters().all();
    assertThat(report.rejected()).isEqualTo(expectedRejected.size());
    assertThat(deadLetters)
        .extracting(d -> d.location().line())
        .containsExactlyElementsOf(expectedRejected);
    for (DeadLetter d : deadLetters) {
      assertThat(d.content()).isEqualTo(lines.get((int) d.location().line() - 1));
      assertThat(d.reason()).isNotBlank();
    }
  }
}
