package io.mantissa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.storage.AppendResult;
import io.mantissa.spi.storage.DeadLetterStore;
import io.mantissa.spi.storage.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite of {@link EventStore} on its own (writes and dead letters; what queries see
 * is {@link LakeConformance}). Extend it and return a store over a fresh, empty location from
 * {@link #newEventStore()}.
 *
 * <pre>{@code
 * class MyEventStoreConformanceTest extends EventStoreConformance {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected EventStore newEventStore() {
 *     return MyEventStore.open(dir);
 *   }
 * }
 * }</pre>
 *
 * <p>What it checks: {@code append} reports the events, files (one per hour of event time unless
 * {@link #writesOneFilePerHour()} says otherwise) and a positive byte count; an empty batch writes
 * nothing; {@code sources()} lists the sources with data; a batch holding an event of another
 * source, or an invalid source id, is refused with {@link ErrorCode#INVALID_ARGUMENT} and writes
 * nothing; concurrent appends are all acknowledged; {@code compact()} is repeatable; appends after
 * {@code close()} fail with a {@link MantissaException}; dead letters are kept exactly, per source,
 * and listed newest first up to the limit.
 */
public abstract class EventStoreConformance {
  /** A source id the tests write to. */
  protected static final String SOURCE = "conformance_alpha";

  /** A second source id. */
  protected static final String OTHER_SOURCE = "conformance_beta";

  /** The hour most test events fall in. */
  protected static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");

  /** The store under test, fresh for each test. */
  protected EventStore store;

  /** Creates a store over a fresh, empty location; the suite closes it after each test. */
  protected abstract EventStore newEventStore();

  /**
   * Whether {@link AppendResult#files()} is exactly the number of distinct hours of event time in
   * the batch (the local lake's layout). When {@code false} the suite only checks that a non-empty
   * batch reports at least one file.
   */
  protected boolean writesOneFilePerHour() {
    return true;
  }

  @BeforeEach
  final void openStore() {
    store = newEventStore();
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aFreshStoreHasNoSources() {
    assertThat(store.sources()).isEmpty();
  }

  @Test
  void appendReportsEventsFilesAndBytes() {
    AppendResult result = store.append(SOURCE, SampleEvents.spread(SOURCE, "e", HOUR, 5));

    assertThat(result.events()).isEqualTo(5);
    assertThat(result.files()).isEqualTo(1);
    assertThat(result.bytes()).isPositive();
  }

  @Test
  void aBatchSpanningHoursReportsAFilePerHour() {
    List<Event> events =
        SampleEvents.logins(
            SOURCE,
            "span",
            Instant.parse("2026-03-01T22:59:59.999Z"),
            Instant.parse("2026-03-01T23:00:00Z"),
            Instant.parse("2026-03-01T23:30:00Z"),
            Instant.parse("2026-03-02T00:00:00Z"));

    AppendResult result = store.append(SOURCE, events);

    assertThat(result.events()).isEqualTo(4);
    if (writesOneFilePerHour()) {
      assertThat(result.files()).isEqualTo(3);
    } else {
      assertThat(result.files()).isPositive();
    }
    assertThat(result.bytes()).isPositive();
  }

  @Test
  void sourcesListsEverySourceWithData() {
    store.append(SOURCE, SampleEvents.spread(SOURCE, "a", HOUR, 2));
    store.append(OTHER_SOURCE, SampleEvents.spread(OTHER_SOURCE, "b", HOUR, 1));
    store.append(SOURCE, SampleEvents.spread(SOURCE, "c", HOUR.plusSeconds(7_200), 1));

    assertThat(store.sources()).containsExactlyInAnyOrder(SOURCE, OTHER_SOURCE);
  }

  @Test
  void anEmptyBatchWritesNothing() {
    AppendResult result = store.append(SOURCE, List.of());

    assertThat(result).isEqualTo(new AppendResult(0, 0, 0));
    assertThat(store.sources()).doesNotContain(SOURCE);
  }

  @Test
  void aBatchWithAnEventOfAnotherSourceIsRefusedWhole() {
    List<Event> events = new ArrayList<>(SampleEvents.spread(SOURCE, "ok", HOUR, 3));
    events.add(SampleEvents.login(OTHER_SOURCE, HOUR.plusSeconds(60), "intruder", "bob"));

    assertInvalidArgument(() -> store.append(SOURCE, events));
    assertThat(store.sources()).doesNotContain(SOURCE, OTHER_SOURCE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Okta",
        "1okta",
        "okta-logs",
        "okta logs",
        "../etc",
        "okta/raw",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void invalidSourceIdsAreRejected(String source) {
    assertInvalidArgument(() -> store.append(source, List.of()));
    assertThat(store.sources()).isEmpty();
  }

  @Test
  void concurrentAppendsAreAllAcknowledged() throws Exception {
    int threads = 4;
    int batches = 5;
    List<Long> acknowledged =
        StateStoreConformance.runConcurrently(
            threads,
            thread ->
                () -> {
                  long events = 0;
                  for (int b = 0; b < batches; b++) {
                    String prefix = "t" + thread + "b" + b;
                    events +=
                        store
                            .append(
                                SOURCE, SampleEvents.spread(SOURCE, prefix, HOUR.plusSeconds(b), 4))
                            .events();
                  }
                  return events;
                });
    long total = acknowledged.stream().mapToLong(Long::longValue).sum();

    assertThat(total).isEqualTo(threads * batches * 4L);
    assertThat(store.sources()).containsExactly(SOURCE);
  }

  @Test
  void compactionIsRepeatable() {
    store.append(SOURCE, SampleEvents.spread(SOURCE, "c", HOUR, 3));

    assertThat(store.compact()).isBetween(0L, 3L);
    assertThat(store.compact()).isZero();
    assertThat(store.sources()).containsExactly(SOURCE);
  }

  @Test
  void appendsAfterCloseFail() {
    store.close();

    assertThatThrownBy(() -> store.append(SOURCE, SampleEvents.spread(SOURCE, "late", HOUR, 1)))
        .isInstanceOf(MantissaException.class);
    assertThatCode(store::close).doesNotThrowAnyException();
    store = null;
  }

  // --- dead letters ------------------------------------------------------------------------

  @Test
  void deadLettersAreListedNewestFirst() {
    DeadLetterStore dead = store.deadLetters();
    DeadLetter first = deadLetter(SOURCE, 1, "2026-03-01T10:00:00Z");
    DeadLetter second = deadLetter(SOURCE, 2, "2026-03-01T10:00:01Z");
    DeadLetter third = deadLetter(SOURCE, 3, "2026-03-01T10:05:00Z");

    dead.put(List.of(second, first));
    dead.put(List.of(third));

    assertThat(dead.list(SOURCE, 10)).containsExactly(third, second, first);
  }

  @Test
  void deadLetterListsStopAtTheLimit() {
    DeadLetterStore dead = store.deadLetters();
    List<DeadLetter> records = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      records.add(deadLetter(SOURCE, i, "2026-03-01T10:00:" + String.format("%02d", i) + "Z"));
    }
    dead.put(records);

    assertThat(dead.list(SOURCE, 3))
        .containsExactly(records.get(9), records.get(8), records.get(7));
    assertThat(dead.list(SOURCE, 1)).containsExactly(records.get(9));
    assertThat(dead.list(SOURCE, 100)).hasSize(10);
  }

  @Test
  void deadLettersAreKeptPerSource() {
    DeadLetterStore dead = store.deadLetters();
    DeadLetter mine = deadLetter(SOURCE, 1, "2026-03-01T10:00:00Z");
    DeadLetter theirs = deadLetter(OTHER_SOURCE, 1, "2026-03-01T10:00:01Z");

    dead.put(List.of(mine, theirs));

    assertThat(dead.list(SOURCE, 10)).containsExactly(mine);
    assertThat(dead.list(OTHER_SOURCE, 10)).containsExactly(theirs);
    assertThat(dead.list("conformance_never", 10)).isEmpty();
  }

  @Test
  void deadLettersKeepTheirContentExactly() {
    DeadLetterStore dead = store.deadLetters();
    DeadLetter awkward =
        new DeadLetter(
            SOURCE,
            new SourceLocation("uploads/okta 2026-03-01.ndjson", 42, 17),
            "unexpected character '}' at column 17: \"quoted\"",
            "{\"broken\": [1, 2,, }\n\tsecond line ünïcödé 中文 😀 \\ \u0001",
            Instant.parse("2026-03-01T10:00:00.123Z"));
    StringBuilder big = new StringBuilder();
    while (big.length() < 100_000) {
      big.append("{\"field\":\"value\"}");
    }
    DeadLetter large =
        new DeadLetter(
            SOURCE,
            SourceLocation.line("request body", 1),
            "too long",
            big.toString(),
            Instant.parse("2026-03-01T09:00:00Z"));

    dead.put(List.of(awkward, large));

    assertThat(dead.list(SOURCE, 10)).containsExactly(awkward, large);
  }

  @Test
  void anEmptyDeadLetterPutIsHarmless() {
    store.deadLetters().put(List.of());

    assertThat(store.deadLetters().list(SOURCE, 10)).isEmpty();
  }

  private static DeadLetter deadLetter(String source, int line, String receivedAt) {
    return new DeadLetter(
        source,
        SourceLocation.line("batch.ndjson", line),
        "line " + line + " is not JSON",
        "not json " + line,
        Instant.parse(receivedAt));
  }

  /** Asserts a {@link MantissaException} with {@link ErrorCode#INVALID_ARGUMENT}. */
  protected static void assertInvalidArgument(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}
