package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.Event;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonIngestorTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private final RecordingEventStore store = new RecordingEventStore();
  private final EventParser okta =
      new JsonEventParser(SourceCatalog.builtIn().spec("okta").orElseThrow());

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String good(int i) {
    return "{\"uuid\":\"u-"
        + i
        + "\",\"published\":\"2025-01-01T00:00:"
        + String.format("%02d", i % 60)
        + "Z\"}";
  }

  private IngestReport ingest(NdjsonIngestor.Builder builder, String input) {
    return builder
        .clock(new SteppingClock(START, Duration.ofMillis(1)))
        .build()
        .ingest(okta, text(input), "in.ndjson");
  }

  @Test
  void acceptsGoodLinesAndDeadLettersBadOnesWithTheirLineNumbers() {
    String input =
        good(1) + "\n" + "{broken\n" + "\n" + good(2) + "\n" + "{\"uuid\":\"x\"}\n" + good(3);
    IngestReport report = ingest(NdjsonIngestor.builder(store), input);

    assertThat(report.lines()).isEqualTo(6);
    assertThat(report.accepted()).isEqualTo(3);
    assertThat(report.rejected()).isEqualTo(2);
    assertThat(report.bytes()).isEqualTo(input.getBytes(StandardCharsets.UTF_8).length);
    assertThat(report.errors()).extracting(IngestReport.LineError::line).containsExactly(2L, 5L);
    assertThat(report.errors().get(1).reason()).isEqualTo("field 'published' is missing");
    assertThat(store.events()).extracting(Event::id).containsExactly("u-1", "u-2", "u-3");
    assertThat(store.deadLetters)
        .extracting(DeadLetter::location)
        .containsExactly(SourceLocation.line("in.ndjson", 2), SourceLocation.line("in.ndjson", 5));
    assertThat(store.deadLetters.get(0).content()).isEqualTo("{broken");
    assertThat(store.deadLetters.get(0).source()).isEqualTo("okta");
  }

  @Test
  void appendsInBatchesOfTheConfiguredSize() {
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      input.append(good(i)).append('\n');
    }
    ingest(NdjsonIngestor.builder(store).batchSize(10), input.toString());
    assertThat(store.batches).extracting(List::size).containsExactly(10, 10, 5);
  }

  @Test
  void handsEachStoredBatchToTheListenerAndAFailingListenerLosesNothing() {
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      input.append(good(i)).append('\n');
    }
    List<List<String>> seen = new ArrayList<>();
    ingest(
        NdjsonIngestor.builder(store)
            .batchSize(10)
            .onStored(
                events -> {
                  assertThat(store.events()).containsAll(events); // stored before it is told
                  seen.add(events.stream().map(Event::id).toList());
                }),
        input.toString());
    assertThat(seen).extracting(List::size).containsExactly(10, 10, 5);
    assertThat(seen.get(0).get(0)).isEqualTo("u-0");

    RecordingEventStore other = new RecordingEventStore();
    IngestReport report =
        ingest(
            NdjsonIngestor.builder(other)
                .batchSize(10)
                .onStored(
                    events -> {
                      throw new IllegalStateException("detection failed");
                    }),
            input.toString());
    assertThat(report.accepted()).isEqualTo(25);
    assertThat(other.events()).hasSize(25);
  }

  @Test
  void handlesCrlfAndAByteOrderMark() {
    String input = "\uFEFF" + good(1) + "\r\n" + good(2) + "\r\n";
    IngestReport report = ingest(NdjsonIngestor.builder(store), input);
    assertThat(report.accepted()).isEqualTo(2);
    assertThat(report.rejected()).isZero();
  }

  @Test
  void rejectsAnOverlongLineWithoutStoppingTheRun() {
    String longLine = "{\"published\":\"" + "x".repeat(5_000) + "\"}";
    IngestReport report =
        ingest(
            NdjsonIngestor.builder(store).maxLineBytes(1_000),
            good(1) + "\n" + longLine + "\n" + good(2));
    assertThat(report.accepted()).isEqualTo(2);
    assertThat(report.errors()).hasSize(1);
    assertThat(report.errors().get(0).line()).isEqualTo(2);
    assertThat(report.errors().get(0).reason())
        .isEqualTo("line is longer than 1000 bytes (" + (longLine.length() + 1) + " bytes)");
    assertThat(store.deadLetters.get(0).content())
        .endsWith("...[truncated]")
        .hasSizeLessThan(1_100);
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
    byte[] goodLine = (good(1) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[bad.length + goodLine.length];
    System.arraycopy(bad, 0, input, 0, bad.length);
    System.arraycopy(goodLine, 0, input, bad.length, goodLine.length);
    IngestReport report =
        NdjsonIngestor.builder(store).build().ingest(okta, new ByteArrayInputStream(input), "in");
    assertThat(report.accepted()).isEqualTo(1);
    assertThat(report.errors())
        .containsExactly(new IngestReport.LineError(1, "line is not valid UTF-8 at byte 7"));
  }

  @Test
  void listsOnlyTheFirstErrorsButDeadLettersThemAll() {
    String input = "x\n".repeat(50);
    IngestReport report = ingest(NdjsonIngestor.builder(store).maxReportedErrors(5), input);
    assertThat(report.rejected()).isEqualTo(50);
    assertThat(report.errors()).hasSize(5);
    assertThat(report.errorsTruncated()).isTrue();
    assertThat(store.deadLetters).hasSize(50);
  }

  @Test
  void aThrowingParserRejectsTheLine() {
    EventParser throwing =
        new EventParser() {
          @Override
          public String source() {
            return "okta";
          }

          @Override
          public ParseResult parse(String record, SourceLocation location) {
            throw new IllegalStateException("boom");
          }
        };
    IngestReport report =
        NdjsonIngestor.builder(store).build().ingest(throwing, text("{}\n"), "in");
    assertThat(report.errors().get(0).reason())
        .isEqualTo("parser failed: java.lang.IllegalStateException: boom");
  }

  @Test
  void reportsProgressPeriodicallyAndAtTheEnd() {
    List<IngestProgress> seen = new ArrayList<>();
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      input.append(good(i)).append('\n');
    }
    NdjsonIngestor.builder(store)
        .clock(new SteppingClock(START, Duration.ofSeconds(1)))
        .progress(seen::add, Duration.ofSeconds(1))
        .build()
        .ingest(okta, text(input.toString()), "in");
    assertThat(seen).hasSizeGreaterThan(2);
    IngestProgress last = seen.get(seen.size() - 1);
    assertThat(last.done()).isTrue();
    assertThat(last.lines()).isEqualTo(2_000);
    assertThat(last.accepted()).isEqualTo(2_000);
    assertThat(last.eventsPerSecond()).isPositive();
    assertThat(seen.subList(0, seen.size() - 1)).allSatisfy(p -> assertThat(p.done()).isFalse());
  }

  @Test
  void anInputFailureKeepsWhatWasReadAndPropagates() {
    InputStream failing =
        new InputStream() {
          private final InputStream head = text(good(1) + "\nbad\n");

          @Override
          public int read() throws IOException {
            int b = head.read();
            if (b < 0) {
              throw new IOException("connection reset");
            }
            return b;
          }
        };
    assertThatThrownBy(() -> NdjsonIngestor.builder(store).build().ingest(okta, failing, "in"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("connection reset");
    assertThat(store.events()).hasSize(1);
    assertThat(store.deadLetters).hasSize(1);
  }
}
