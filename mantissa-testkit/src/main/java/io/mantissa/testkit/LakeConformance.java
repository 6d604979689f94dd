package io.mantissa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.ColumnInfo;
import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.TableInfo;
import io.mantissa.spi.storage.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite of a lake: an {@link EventStore} and a {@link QueryBackend} over the same
 * location. Extend it and return both, over a fresh, empty location, from {@link #newLake()}.
 *
 * <pre>{@code
 * class MyLakeConformanceTest extends LakeConformance {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected Lake newLake() {
 *     return new Lake(MyEventStore.open(dir), MyQueryBackend.open(dir));
 *   }
 * }
 * }</pre>
 *
 * <p>What it checks, following the {@link QueryBackend} and {@link EventStore} Javadoc:
 *
 * <ul>
 *   <li>Acknowledged events are visible at once: {@code SELECT count(*) FROM <source>} counts them,
 *       also when the backend was opened before they were written, and concurrent appends lose
 *       nothing.
 *   <li>Time bounding is exact, to the millisecond, at hour and day boundaries, with no time filter
 *       in the SQL: the range is half-open {@code [start, end)}.
 *   <li>Every source table has the columns {@code time}, {@code source}, {@code id}, {@code raw}
 *       and {@code ocsf}, and event times come back unchanged; the view {@code events} unites all
 *       sources.
 *   <li>The row limit holds and {@code truncated} says whether rows were left out.
 *   <li>Anything but one SELECT, and unknown tables, are refused with {@link
 *       ErrorCode#QUERY_REJECTED} and change nothing.
 *   <li>{@code catalog()} lists each source table and {@code events} with the standard columns.
 *   <li>Estimates grow with the data a range covers and are zero for a range without data.
 *   <li>Compaction keeps every count (no loss, no double counting), repeatedly, and appends after
 *       it are counted too.
 * </ul>
 *
 * <p>The SQL is plain ANSI that DuckDB, Trino (Athena), BigQuery and Synapse accept. Override
 * {@link #table(String)} when your engine needs qualified names, and {@link #toInstant(Object)} or
 * {@link #toLong(Object)} when your driver returns other types.
 */
public abstract class LakeConformance {
  /** A source id the tests write to. */
  protected static final String SOURCE = "conformance_alpha";

  /** A second source id. */
  protected static final String OTHER_SOURCE = "conformance_beta";

  /** The view uniting all sources. */
  protected static final String EVENTS_VIEW = "events";

  /** The hour most test events fall in. */
  protected static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");

  private static final Duration ONE_HOUR = Duration.ofHours(1);

  /**
   * An event store and a query backend over the same location.
   *
   * @param store writes the events
   * @param backend queries them
   */
  public record Lake(EventStore store, QueryBackend backend) implements AutoCloseable {
    /** Validates. */
    public Lake {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(backend, "backend");
    }

    /** Closes the backend, then the store. */
    @Override
    public void close() {
      try {
        backend.close();
      } finally {
        store.close();
      }
    }
  }

  /** The lake under test, fresh for each test. */
  protected Lake lake;

  /** Creates a store and a backend over a fresh, empty location; the suite closes both. */
  protected abstract Lake newLake();

  /** How the SQL names a lake table or view; override to qualify it (dataset, schema). */
  protected String table(String name) {
    return name;
  }

  /** The timeout of the test queries. */
  protected Duration queryTimeout() {
    return Duration.ofSeconds(120);
  }

  /**
   * Converts a {@code time} value as the backend returns it to an instant. Handles {@link Instant},
   * {@link OffsetDateTime}, {@link ZonedDateTime}, {@link java.sql.Timestamp}, {@link
   * LocalDateTime} (taken as UTC) and ISO-8601 strings.
   */
  protected Instant toInstant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof String s) {
      return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
    }
    throw new AssertionError(
        "cannot read a time from "
            + (value == null ? "null" : value.getClass().getName() + " " + value)
            + "; override toInstant");
  }

  /** Converts a count as the backend returns it to a long. */
  protected long toLong(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      return Long.parseLong(s);
    }
    throw new AssertionError("not a number: " + value + "; override toLong");
  }

  @BeforeEach
  final void openLake() {
    lake = newLake();
  }

  @AfterEach
  final void closeLake() {
    if (lake != null) {
      lake.close();
    }
  }

  // --- visibility and time bounding --------------------------------------------------------

  @Test
  void acknowledgedEventsAreVisibleAtOnce() {
    assertThat(count(EVENTS_VIEW, hours(HOUR, 1))).as("before any append").isZero();

    append(SOURCE, SampleEvents.spread(SOURCE, "a", HOUR, 5));
    assertThat(count(SOURCE, hours(HOUR, 1))).isEqualTo(5);

    append(SOURCE, SampleEvents.spread(SOURCE, "b", HOUR, 3));
    assertThat(count(SOURCE, hours(HOUR, 1))).isEqualTo(8);
  }

  @Test
  void timeBoundingIsExactAtHourBoundaries() {
    append(
        SOURCE,
        SampleEvents.logins(
            SOURCE,
            "t",
            Instant.parse("2026-03-01T09:59:59.999Z"),
            Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:00:00.001Z"),
            Instant.parse("2026-03-01T10:30:00Z"),
            Instant.parse("2026-03-01T10:59:59.999Z"),
            Instant.parse("2026-03-01T11:00:00Z"),
            Instant.parse("2026-03-01T11:00:00.001Z")));

    assertThat(count(SOURCE, range("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"))).isEqualTo(4);
    assertThat(count(SOURCE, range("2026-03-01T10:00:00.001Z", "2026-03-01T11:00:00.001Z")))
        .isEqualTo(4);
    assertThat(count(SOURCE, range("2026-03-01T09:59:59.999Z", "2026-03-01T10:00:00Z")))
        .isEqualTo(1);
    assertThat(count(SOURCE, range("2026-03-01T10:15:00Z", "2026-03-01T10:45:00Z"))).isEqualTo(1);
    assertThat(count(SOURCE, range("2026-03-01T10:30:00Z", "2026-03-01T10:30:00Z"))).isZero();
    assertThat(count(SOURCE, range("2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z"))).isZero();
    assertThat(count(SOURCE, range("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"))).isEqualTo(7);
  }

  @Test
  void timeBoundingIsExactAcrossDays() {
    append(
        SOURCE,
        SampleEvents.logins(
            SOURCE,
            "d",
            Instant.parse("2026-02-28T23:59:59.999Z"),
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-03-01T23:59:59.999Z"),
            Instant.parse("2026-03-02T00:00:00Z")));

    assertThat(count(SOURCE, range("2026-02-28T23:00:00Z", "2026-03-01T00:00:00Z"))).isEqualTo(1);
    assertThat(count(SOURCE, range("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"))).isEqualTo(2);
    assertThat(count(SOURCE, range("2026-02-28T23:59:59.999Z", "2026-03-02T00:00:00.001Z")))
        .isEqualTo(4);
  }

  @Test
  void eventTimesComeBackUnchanged() {
    Instant first = Instant.parse("2026-03-01T10:00:00.007Z");
    Instant last = Instant.parse("2026-03-01T10:59:59.993Z");
    append(
        SOURCE,
        SampleEvents.logins(SOURCE, "m", first, Instant.parse("2026-03-01T10:30:00Z"), last));

    QueryResult result =
        query(
            "SELECT min(time) AS first_time, max(time) AS last_time FROM " + table(SOURCE),
            hours(HOUR, 1));

    assertThat(result.rows()).hasSize(1);
    assertThat(toInstant(result.rows().get(0).get(0))).isEqualTo(first);
    assertThat(toInstant(result.rows().get(0).get(1))).isEqualTo(last);
  }

  @Test
  void rowsCarryTheStandardColumns() {
    append(SOURCE, SampleEvents.spread(SOURCE, "c", HOUR, 3));

    QueryResult result =
        query(
            "SELECT time, source, id, raw, ocsf FROM " + table(SOURCE) + " ORDER BY id",
            hours(HOUR, 1));

    assertThat(result.columns())
        .extracting(c -> c.name().toLowerCase(Locale.ROOT))
        .containsExactly("time", "source", "id", "raw", "ocsf");
    assertThat(result.rows()).hasSize(3);
    assertThat(result.rows()).extracting(r -> r.get(1)).containsOnly(SOURCE);
    assertThat(result.rows()).extracting(r -> r.get(2)).containsExactly("c-0", "c-1", "c-2");
    List<Object> first = result.rows().get(0);
    assertThat(toInstant(first.get(0))).isEqualTo(HOUR.plusMillis(1));
    assertThat(String.valueOf(first.get(3)))
        .contains("alice@example.com")
        .contains("user.session.start");
    assertThat(String.valueOf(first.get(4))).contains("3002");
  }

  @Test
  void aFilterInTheSqlApplies() {
    append(SOURCE, SampleEvents.spread(SOURCE, "f", HOUR, 4));

    assertThat(
            scalar(
                "SELECT count(*) AS n FROM " + table(SOURCE) + " WHERE id = 'f-2'", hours(HOUR, 1)))
        .isEqualTo(1);
  }

  @Test
  void theEventsViewUnitesEverySource() {
    assertThat(count(EVENTS_VIEW, hours(HOUR, 1))).as("before any append").isZero();

    append(SOURCE, SampleEvents.spread(SOURCE, "a", HOUR, 3));
    append(OTHER_SOURCE, SampleEvents.spread(OTHER_SOURCE, "b", HOUR, 2));
    append(SOURCE, SampleEvents.spread(SOURCE, "late", HOUR.plus(ONE_HOUR), 4));

    assertThat(count(EVENTS_VIEW, hours(HOUR, 1))).isEqualTo(5);
    assertThat(count(EVENTS_VIEW, hours(HOUR, 2))).isEqualTo(9);
    QueryResult bySource =
        query(
            "SELECT source, count(*) AS n FROM "
                + table(EVENTS_VIEW)
                + " GROUP BY source ORDER BY source",
            hours(HOUR, 1));
    assertThat(bySource.rows()).hasSize(2);
    assertThat(bySource.rows().get(0).get(0)).isEqualTo(SOURCE);
    assertThat(toLong(bySource.rows().get(0).get(1))).isEqualTo(3);
    assertThat(bySource.rows().get(1).get(0)).isEqualTo(OTHER_SOURCE);
    assertThat(toLong(bySource.rows().get(1).get(1))).isEqualTo(2);
  }

  // --- limits and refusals -----------------------------------------------------------------

  @Test
  void theRowLimitHoldsAndTruncatedSaysSo() {
    append(SOURCE, SampleEvents.spread(SOURCE, "r", HOUR, 10));
    String sql = "SELECT id FROM " + table(SOURCE) + " ORDER BY id";

    QueryResult three = lake.backend().execute(request(sql, hours(HOUR, 1), 3));
    assertThat(three.rows()).extracting(r -> r.get(0)).containsExactly("r-0", "r-1", "r-2");
    assertThat(three.truncated()).isTrue();

    QueryResult ten = lake.backend().execute(request(sql, hours(HOUR, 1), 10));
    assertThat(ten.rows()).hasSize(10);
    assertThat(ten.truncated()).isFalse();

    QueryResult more = lake.backend().execute(request(sql, hours(HOUR, 1), 11));
    assertThat(more.rows()).hasSize(10);
    assertThat(more.truncated()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("notASingleSelect")
  void anythingButASingleSelectIsRejected(String template) {
    append(SOURCE, SampleEvents.spread(SOURCE, "x", HOUR, 2));
    String sql = template.replace("{t}", table(SOURCE));

    assertThatThrownBy(() -> query(sql, hours(HOUR, 1)))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_REJECTED));
    assertThat(count(SOURCE, hours(HOUR, 1))).isEqualTo(2);
  }

  static Stream<String> notASingleSelect() {
    return Stream.of(
        "DELETE FROM {t}",
        "DROP TABLE {t}",
        "DROP VIEW {t}",
        "INSERT INTO {t} (id) VALUES ('forged')",
        "UPDATE {t} SET id = 'forged'",
        "CREATE TABLE stolen AS SELECT * FROM {t}",
        "ALTER TABLE {t} RENAME TO gone",
        "TRUNCATE TABLE {t}",
        "SELECT count(*) FROM {t}; DROP TABLE {t}",
        "SELECT 1; SELECT 2");
  }

  @Test
  void anUnknownTableIsRejected() {
    append(SOURCE, SampleEvents.spread(SOURCE, "u", HOUR, 1));

    assertThatThrownBy(
            () -> query("SELECT count(*) FROM " + table("conformance_unknown"), hours(HOUR, 1)))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_REJECTED));
  }

  @Test
  void invalidSqlFailsWithAQueryError() {
    assertThatThrownBy(() -> query("SELEC nonsense FROM", hours(HOUR, 1)))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isIn(ErrorCode.QUERY_REJECTED, ErrorCode.QUERY_FAILED));
  }

  // --- catalog and estimates ---------------------------------------------------------------

  @Test
  void theCatalogListsSourceTablesAndTheEventsView() {
    append(SOURCE, SampleEvents.spread(SOURCE, "k", HOUR, 1));

    List<TableInfo> catalog = lake.backend().catalog();

    assertThat(catalog).extracting(TableInfo::name).contains(SOURCE, EVENTS_VIEW);
    for (String name : List.of(SOURCE, EVENTS_VIEW)) {
      TableInfo info =
          catalog.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
      assertThat(info.columns())
          .extracting(c -> c.name().toLowerCase(Locale.ROOT))
          .as("columns of %s", name)
          .contains("time", "source", "id", "raw", "ocsf");
      assertThat(info.columns())
          .extracting(ColumnInfo::type)
          .allSatisfy(t -> assertThat(t).isNotBlank());
    }
  }

  @Test
  void estimatesGrowWithTheDataARangeCovers() {
    append(SOURCE, SampleEvents.spread(SOURCE, "h1", HOUR, 20));
    append(SOURCE, SampleEvents.spread(SOURCE, "h2", HOUR.plus(ONE_HOUR), 20));
    append(SOURCE, SampleEvents.spread(SOURCE, "d2", HOUR.plus(Duration.ofDays(1)), 20));
    String sql = "SELECT count(*) AS n FROM " + table(SOURCE);

    CostEstimate oneHour = lake.backend().estimate(request(sql, hours(HOUR, 1), 10));
    CostEstimate twoHours = lake.backend().estimate(request(sql, hours(HOUR, 2), 10));
    CostEstimate twoDays = lake.backend().estimate(request(sql, hours(HOUR, 48), 10));
    CostEstimate noData =
        lake.backend().estimate(request(sql, hours(HOUR.minus(Duration.ofDays(3)), 24), 10));

    assertThat(oneHour.bytesScanned()).isPositive();
    assertThat(oneHour.partitions()).isPositive();
    assertThat(oneHour.tables()).contains(SOURCE);
    assertThat(twoHours.bytesScanned()).isGreaterThan(oneHour.bytesScanned());
    assertThat(twoHours.partitions()).isGreaterThan(oneHour.partitions());
    assertThat(twoDays.bytesScanned()).isGreaterThan(twoHours.bytesScanned());
    assertThat(twoDays.partitions()).isGreaterThan(twoHours.partitions());
    assertThat(noData.bytesScanned()).isZero();
    assertThat(noData.partitions()).isZero();
  }

  // --- compaction and concurrency ----------------------------------------------------------

  @Test
  void compactionKeepsEveryCount() {
    append(SOURCE, SampleEvents.spread(SOURCE, "a", HOUR, 10));
    append(SOURCE, SampleEvents.spread(SOURCE, "b", HOUR, 5));
    append(SOURCE, SampleEvents.spread(SOURCE, "c", HOUR.plus(ONE_HOUR), 7));
    append(OTHER_SOURCE, SampleEvents.spread(OTHER_SOURCE, "d", HOUR, 3));
    Instant first = Instant.parse("2026-03-01T10:00:00.001Z");

    lake.store().compact();
    assertCounts(15, 7, 3, first);

    lake.store().compact();
    assertCounts(15, 7, 3, first);

    append(SOURCE, SampleEvents.spread(SOURCE, "e", HOUR, 2));
    assertCounts(17, 7, 3, first);
    lake.store().compact();
    assertCounts(17, 7, 3, first);
  }

  private void assertCounts(long firstHour, long secondHour, long other, Instant firstTime) {
    assertThat(count(SOURCE, hours(HOUR, 1))).isEqualTo(firstHour);
    assertThat(count(SOURCE, hours(HOUR.plus(ONE_HOUR), 1))).isEqualTo(secondHour);
    assertThat(count(SOURCE, hours(HOUR, 2))).isEqualTo(firstHour + secondHour);
    assertThat(count(OTHER_SOURCE, hours(HOUR, 2))).isEqualTo(other);
    assertThat(count(EVENTS_VIEW, hours(HOUR, 2))).isEqualTo(firstHour + secondHour + other);
    QueryResult min = query("SELECT min(time) AS first_time FROM " + table(SOURCE), hours(HOUR, 2));
    assertThat(toInstant(min.rows().get(0).get(0))).isEqualTo(firstTime);
  }

  @Test
  void concurrentAppendsAreAllVisible() throws Exception {
    int threads = 4;
    int batches = 5;
    StateStoreConformance.runConcurrently(
        threads,
        thread ->
            () -> {
              for (int b = 0; b < batches; b++) {
                append(SOURCE, SampleEvents.spread(SOURCE, "t" + thread + "b" + b, HOUR, 4));
              }
              return null;
            });

    assertThat(count(SOURCE, hours(HOUR, 1))).isEqualTo(threads * batches * 4L);
  }

  // --- helpers -----------------------------------------------------------------------------

  /** Appends a batch and checks that it was acknowledged whole. */
  protected void append(String source, List<Event> events) {
    assertThat(lake.store().append(source, events).events()).isEqualTo(events.size());
  }

  /** {@code SELECT count(*) FROM <table>} over {@code range}. */
  protected long count(String tableName, TimeRange range) {
    return scalar("SELECT count(*) AS n FROM " + table(tableName), range);
  }

  /** Runs a query returning one number. */
  protected long scalar(String sql, TimeRange range) {
    QueryResult result = query(sql, range);
    assertThat(result.rows()).as(sql).hasSize(1);
    return toLong(result.rows().get(0).get(0));
  }

  /** Runs a query with a generous row limit. */
  protected QueryResult query(String sql, TimeRange range) {
    return lake.backend().execute(request(sql, range, 1_000));
  }

  private QueryRequest request(String sql, TimeRange range, int rowLimit) {
    return new QueryRequest(sql, range, rowLimit, queryTimeout());
  }

  /**
   * {@code perHour} events of {@code source} in each of {@code hours} hours from {@code start},
   * with realistic native and OCSF fields; for tests that subclasses add.
   */
  protected static List<Event> hoursOfEvents(String source, Instant start, int hours, int perHour) {
    List<Event> events = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      events.addAll(SampleEvents.spread(source, "h" + h, start.plus(Duration.ofHours(h)), perHour));
    }
    return events;
  }

  /** The range of {@code count} hours from {@code start}. */
  protected static TimeRange hours(Instant start, int count) {
    return new TimeRange(start, start.plus(Duration.ofHours(count)));
  }

  private static TimeRange range(String start, String end) {
    return new TimeRange(Instant.parse(start), Instant.parse(end));
  }
}
