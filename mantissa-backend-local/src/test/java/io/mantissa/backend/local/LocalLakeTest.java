package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.storage.AppendResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends and reads back through SQL, with exact time bounds, before and after compaction. */
class LocalLakeTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Clock LATER = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  LocalEventStore store;
  LocalQueryBackend backend;

  @BeforeEach
  void open() {
    store = LocalEventStore.open(dir, LATER);
    backend = LocalQueryBackend.open(dir);
  }

  @AfterEach
  void close() {
    backend.close();
    store.close();
  }

  long count(String sql, TimeRange range) {
    QueryResult result = backend.execute(QueryRequest.of(sql, range));
    return (Long) result.rows().get(0).get(0);
  }

  @Test
  void appendedEventsReadBackThroughSql() {
    Event event = TestEvents.okta("e1", Instant.parse("2026-11-25T10:15:30.123456Z"));
    AppendResult appended = store.append("okta", List.of(event));

    assertThat(appended.events()).isEqualTo(1);
    assertThat(appended.files()).isEqualTo(1);
    assertThat(appended.bytes()).isPositive();
    QueryResult result =
        backend.execute(
            QueryRequest.of(
                "SELECT time, source, id, raw->>'$.actor.alternateId' AS who,"
                    + " CAST(ocsf->'$.class_uid' AS INTEGER) AS class_uid, raw, raw.risk::DOUBLE AS risk,"
                    + " (raw->>'$.mfa')::BOOLEAN AS mfa FROM okta",
                TimeRange.all()));

    assertThat(result.columns())
        .extracting(c -> c.name())
        .containsExactly("time", "source", "id", "who", "class_uid", "raw", "risk", "mfa");
    assertThat(result.columns().get(0).type()).isEqualTo("TIMESTAMP WITH TIME ZONE");
    List<Object> row = result.rows().get(0);
    assertThat(row.get(0)).isEqualTo(OffsetDateTime.parse("2026-11-25T10:15:30.123456Z"));
    assertThat(row.subList(1, 5)).containsExactly("okta", "e1", "alice@example.com", 3002L);
    assertThat((String) row.get(5)).contains("\"eventType\":\"user.session.start\"");
    assertThat(row.get(6)).isEqualTo(12.5);
    assertThat(row.get(7)).isEqualTo(true);
    assertThat(result.truncated()).isFalse();
    assertThat(result.estimate().files()).isEqualTo(1);
  }

  @Test
  void oneAppendWritesOneFilePerHourUnderTheDocumentedLayout() throws Exception {
    List<Event> events = TestEvents.oktaSeries("a", T0.plusSeconds(1800), 60_000, 120);

    AppendResult appended = store.append("okta", events);

    assertThat(appended.files()).isEqualTo(3); // 10:30-10:59, 11:xx, 12:00-12:29
    try (Stream<Path> files = Files.walk(dir.resolve("lake"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
          .filteredOn(p -> !p.endsWith(".lock"))
          .hasSize(3)
          .allMatch(p -> p.matches("lake/okta/raw/2026/11/25/1[012]/[0-9a-f-]+\\.ndjson\\.zst"));
    }
  }

  @Test
  void timeRangeIsExactAtHourBoundaries() {
    Instant h11 = T0.plusSeconds(3600);
    store.append(
        "okta",
        List.of(
            TestEvents.okta("before", h11.minusNanos(1_000)),
            TestEvents.okta("at", h11),
            TestEvents.okta("after", h11.plusNanos(1_000)),
            TestEvents.okta("next", h11.plusSeconds(3600))));

    for (int pass = 0; pass < 2; pass++) {
      assertThat(count("SELECT count(*) FROM okta", new TimeRange(h11, h11.plusSeconds(3600))))
          .isEqualTo(2);
      assertThat(count("SELECT count(*) FROM okta", new TimeRange(T0, h11))).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM okta", new TimeRange(h11, h11))).isZero();
      assertThat(count("SELECT count(*) FROM okta", new TimeRange(h11.minusNanos(1_000), h11)))
          .isEqualTo(1);
      assertThat(count("SELECT count(*) FROM events", TimeRange.all())).isEqualTo(4);
      // even SQL that asks for more cannot see outside its range
      assertThat(
              count(
                  "SELECT count(*) FROM okta WHERE time >= TIMESTAMPTZ '2000-01-01'",
                  new TimeRange(h11, h11.plusNanos(1_000))))
          .isEqualTo(1);
      assertThat(store.compact()).isEqualTo(pass == 0 ? 4 : 0);
    }
  }

  @Test
  void compactionKeepsCountsAndMovesEventsToParquet() throws Exception {
    for (int batch = 0; batch < 5; batch++) {
      store.append("okta", TestEvents.oktaSeries("b" + batch + "-", T0, 7_000, 1000));
    }
    store.append("aws_cloudtrail", List.of(TestEvents.plain("aws_cloudtrail", "c1", T0)));
    long before = count("SELECT count(DISTINCT id) FROM okta", TimeRange.all());

    long compacted = store.compact();

    assertThat(compacted).isEqualTo(5001);
    assertThat(count("SELECT count(DISTINCT id) FROM okta", TimeRange.all())).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM okta", TimeRange.all())).isEqualTo(5000);
    assertThat(count("SELECT count(*) FROM events", TimeRange.all())).isEqualTo(5001);
    assertThat(count("SELECT count(*) FROM identity_events", TimeRange.all())).isEqualTo(5000);
    try (Stream<Path> files = Files.walk(dir.resolve("lake/okta"))) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .allMatch(p -> p.endsWith(".parquet"))
          .allMatch(p -> p.contains("/parquet/dt=2026-11-25/hour="));
    }
  }

  @Test
  void anHourWithGzipAndZstdBatchesIsReadAndCompactedWhole() throws Exception {
    try (LocalEventStore gzip = LocalEventStore.open(dir, LATER, RawCompression.gzip(2))) {
      gzip.append("okta", TestEvents.oktaSeries("old-", T0, 1_000, 300)); // a lake from before
    }
    store.append("okta", TestEvents.oktaSeries("new-", T0.plusMillis(500), 1_000, 200));
    try (Stream<Path> files = Files.walk(dir.resolve("lake/okta/raw"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .hasSize(2)
          .anyMatch(n -> n.endsWith(".ndjson.gz"))
          .anyMatch(n -> n.endsWith(".ndjson.zst"));
    }
    TimeRange hour = new TimeRange(T0, T0.plusSeconds(3600));
    assertThat(count("SELECT count(DISTINCT id) FROM okta", hour)).isEqualTo(500);
    assertThat(count("SELECT count(*) FROM okta WHERE id LIKE 'old-%'", hour)).isEqualTo(300);
    assertThat(
            backend.execute(QueryRequest.of("SELECT count(*) FROM okta", hour)).estimate().files())
        .isEqualTo(2);

    assertThat(store.compact()).isEqualTo(500);

    assertThat(count("SELECT count(DISTINCT id) FROM okta", hour)).isEqualTo(500);
    try (Stream<Path> files = Files.walk(dir.resolve("lake/okta"))) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .hasSize(1)
          .allMatch(p -> p.endsWith(".parquet"));
    }
  }

  @Test
  void compactionLeavesTheOpenHourRaw() {
    Clock now = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
    try (LocalEventStore current = LocalEventStore.open(dir, now)) {
      current.append("okta", List.of(TestEvents.okta("old", T0.minusSeconds(10))));
      current.append("okta", List.of(TestEvents.okta("open", T0.plusSeconds(10))));

      assertThat(current.compact()).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM okta", TimeRange.all())).isEqualTo(2);
    }
  }

  @Test
  void appendRefusesEventsOfAnotherSourceNamingTheIndex() {
    List<Event> events = List.of(TestEvents.okta("a", T0), TestEvents.plain("github", "b", T0));

    assertThatThrownBy(() -> store.append("okta", events))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("index 1")
        .hasMessageContaining("github");
    assertThatThrownBy(() -> store.append("Bad-Source", List.of()))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                store.append(
                    "okta",
                    List.of(TestEvents.okta("far", Instant.parse("+10000-01-01T00:00:00Z")))))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("index 0");
    assertThat(store.sources()).isEmpty();
  }

  @Test
  void sourcesAndCatalogListEverySourceAndTheUnifiedViews() {
    store.append("okta", List.of(TestEvents.okta("a", T0)));
    store.append("github", List.of(TestEvents.plain("github", "b", T0)));

    assertThat(store.sources()).containsExactly("github", "okta");
    assertThat(backend.catalog())
        .extracting(t -> t.name())
        .containsExactly("github", "okta", "events", "identity_events");
    assertThat(backend.catalog())
        .allSatisfy(
            t ->
                assertThat(t.columns())
                    .extracting(c -> c.name() + " " + c.type())
                    .containsExactly(
                        "time TIMESTAMP WITH TIME ZONE",
                        "source VARCHAR",
                        "id VARCHAR",
                        "raw JSON",
                        "ocsf JSON"));
    // the engine agrees with the catalog
    QueryResult described =
        backend.execute(QueryRequest.of("SELECT * FROM identity_events LIMIT 0", TimeRange.all()));
    assertThat(described.columns()).isEqualTo(LocalQueryBackend.COLUMNS);
  }

  @Test
  void rowLimitTruncates() {
    store.append("okta", TestEvents.oktaSeries("r", T0, 1000, 50));
    QueryRequest request =
        new QueryRequest(
            "SELECT id FROM okta ORDER BY time", TimeRange.all(), 10, Duration.ofSeconds(30));

    QueryResult result = backend.execute(request);

    assertThat(result.rows()).hasSize(10);
    assertThat(result.rows().get(0)).containsExactly("r0");
    assertThat(result.truncated()).isTrue();
    QueryResult exact =
        backend.execute(
            new QueryRequest("SELECT id FROM okta", TimeRange.all(), 50, Duration.ofSeconds(30)));
    assertThat(exact.rows()).hasSize(50);
    assertThat(exact.truncated()).isFalse();
  }

  @Test
  void heavyQueryIsCancelledAtItsTimeout() {
    QueryRequest request =
        new QueryRequest(
            "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1",
            TimeRange.all(),
            10,
            Duration.ofMillis(300));

    assertThatThrownBy(() -> backend.execute(request))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT))
        .hasMessageContaining("timeout");
  }

  @Test
  void unknownTableNamesTheTablesThatExist() {
    store.append("okta", List.of(TestEvents.okta("a", T0)));

    assertThatThrownBy(
            () -> backend.execute(QueryRequest.of("SELECT * FROM oktaa", TimeRange.all())))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_REJECTED))
        .hasMessageContaining("unknown table 'oktaa'")
        .hasMessageContaining("events, identity_events, okta");
  }

  @Test
  void engineErrorsAreQueryFailedWithTheEngineMessage() {
    store.append("okta", List.of(TestEvents.okta("a", T0)));

    assertThatThrownBy(
            () ->
                backend.execute(
                    QueryRequest.of("SELECT no_such_column FROM okta", TimeRange.all())))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_FAILED))
        .hasMessageContaining("no_such_column");
  }

  @Test
  void estimateGrowsWithTheRangeAndShrinksWithCompaction() {
    for (int h = 0; h < 6; h++) {
      store.append(
          "okta", TestEvents.oktaSeries("h" + h + "-", T0.plusSeconds(3600L * h), 1000, 200));
      store.append(
          "okta", TestEvents.oktaSeries("g" + h + "-", T0.plusSeconds(3600L * h), 1000, 200));
    }
    String sql = "SELECT count(*) FROM okta";
    var oneHour = backend.estimate(QueryRequest.of(sql, new TimeRange(T0, T0.plusSeconds(3600))));
    var threeHours =
        backend.estimate(QueryRequest.of(sql, new TimeRange(T0, T0.plusSeconds(3 * 3600))));
    var unrelated = backend.estimate(QueryRequest.of("SELECT 1", TimeRange.all()));

    assertThat(oneHour.partitions()).isEqualTo(1);
    assertThat(oneHour.files()).isEqualTo(2);
    assertThat(oneHour.tables()).containsExactly("okta");
    assertThat(threeHours.partitions()).isEqualTo(3);
    assertThat(threeHours.files()).isEqualTo(6);
    assertThat(threeHours.bytesScanned()).isGreaterThan(2 * oneHour.bytesScanned());
    assertThat(unrelated.bytesScanned()).isZero();
    assertThat(unrelated.tables()).isEmpty();

    store.compact();
    var compacted =
        backend.estimate(QueryRequest.of(sql, new TimeRange(T0, T0.plusSeconds(3 * 3600))));
    assertThat(compacted.partitions()).isEqualTo(3);
    assertThat(compacted.files()).isEqualTo(3);
    assertThat(backend.estimate(QueryRequest.of("SELECT * FROM events", TimeRange.all())).files())
        .isEqualTo(6);
  }

  @Test
  void resultValuesArePlainJava() {
    QueryResult result =
        backend.execute(
            QueryRequest.of(
                "SELECT 1::INTEGER AS i, 2::BIGINT AS b, 1.5::FLOAT AS f, 2.25::DOUBLE AS d,"
                    + " 3.10::DECIMAL(5,2) AS m, true AS t, 'x' AS s, NULL AS n,"
                    + " TIMESTAMP '2026-01-02 03:04:05' AS ts, [1, 2] AS l, {'a': 1} AS st,"
                    + " '{\"k\":1}'::JSON AS j, 170141183460469231731687303715884105727::HUGEINT AS h",
                TimeRange.all()));

    List<Object> row = result.rows().get(0);
    assertThat(row.get(0)).isEqualTo(1L);
    assertThat(row.get(1)).isEqualTo(2L);
    assertThat(row.get(2)).isEqualTo(1.5d);
    assertThat(row.get(3)).isEqualTo(2.25d);
    assertThat(row.get(4)).isEqualTo(new java.math.BigDecimal("3.10"));
    assertThat(row.get(5)).isEqualTo(true);
    assertThat(row.get(6)).isEqualTo("x");
    assertThat(row.get(7)).isNull();
    assertThat(row.get(8)).isEqualTo(OffsetDateTime.parse("2026-01-02T03:04:05Z"));
    assertThat(row.get(9)).isEqualTo(List.of(1L, 2L));
    assertThat(row.get(10)).isEqualTo(java.util.Map.of("a", 1L));
    assertThat(row.get(11)).isEqualTo("{\"k\":1}");
    assertThat(row.get(12))
        .isEqualTo(new java.math.BigDecimal("170141183460469231731687303715884105727"));
  }
}
