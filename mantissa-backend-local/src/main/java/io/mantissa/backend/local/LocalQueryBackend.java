package io.mantissa.backend.local;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.ColumnInfo;
import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import io.mantissa.spi.query.TableInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link QueryBackend}: DuckDB over the local lake under {@code {dataDir}/lake}.
 *
 * <p>Each query gets a fresh in-memory DuckDB database. The query is parsed by DuckDB and refused
 * unless it is exactly one SELECT that reads lake tables only. Then one view per source is created
 * over the files of the hours that overlap the request's time range (partition pruning), filtered
 * to the exact range, plus the views {@code events} (all sources) and {@code identity_events} (OCSF
 * class 3001 account change and 3002 authentication). Before the user's SQL runs, the engine is
 * locked: it may open only those files, external access is off, and the configuration is locked, so
 * no table function, {@code ATTACH} or {@code SET} can reach anything else.
 *
 * <p>Thread-safe; queries run concurrently.
 */
public final class LocalQueryBackend implements QueryBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LocalQueryBackend.class);

  /** The view of all sources. */
  public static final String EVENTS = "events";

  /** The view of OCSF authentication (3002) and account change (3001) events of all sources. */
  public static final String IDENTITY_EVENTS = "identity_events";

  static final List<ColumnInfo> COLUMNS =
      List.of(
          new ColumnInfo("time", "TIMESTAMP WITH TIME ZONE"),
          new ColumnInfo("source", "VARCHAR"),
          new ColumnInfo("id", "VARCHAR"),
          new ColumnInfo("raw", "JSON"),
          new ColumnInfo("ocsf", "JSON"));

  private static final String EMPTY_VIEW =
      "SELECT CAST(NULL AS TIMESTAMPTZ) AS time, CAST(NULL AS VARCHAR) AS source,"
          + " CAST(NULL AS VARCHAR) AS id, CAST(NULL AS JSON) AS raw, CAST(NULL AS JSON) AS ocsf"
          + " WHERE false";

  private final Lake lake;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final LakeLocks locks;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalQueryBackend(Path dataDir, ScheduledExecutorService scheduler, boolean owns) {
    this.lake = new Lake(dataDir.toAbsolutePath().normalize().resolve("lake"));
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.ownsScheduler = owns;
    this.locks = LakeLocks.of(lake.root());
  }

  /** A backend over {@code {dataDir}/lake} with its own timeout thread, stopped by close. */
  public static LocalQueryBackend open(Path dataDir) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mantissa-query-timeout");
              t.setDaemon(true);
              return t;
            });
    return new LocalQueryBackend(dataDir, scheduler, true);
  }

  /** A backend over {@code {dataDir}/lake} using {@code scheduler} for timeouts (not closed). */
  public static LocalQueryBackend open(Path dataDir, ScheduledExecutorService scheduler) {
    return new LocalQueryBackend(dataDir, scheduler, false);
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.DUCKDB;
  }

  @Override
  public QueryResult execute(QueryRequest request) {
    ensureOpen();
    long started = System.nanoTime();
    long deadline = started + request.timeout().toNanos();
    try {
      return executeOnce(request, started, deadline);
    } catch (FilesMovedException e) {
      // another process compacted the files this query listed; list again once
      LOG.debug("lake files moved during a query, retrying: {}", e.getMessage());
      try {
        return executeOnce(request, started, deadline);
      } catch (FilesMovedException again) {
        throw new MantissaException(
            ErrorCode.QUERY_FAILED, again.getCause().getMessage(), again.getCause());
      }
    }
  }

  private QueryResult executeOnce(QueryRequest request, long started, long deadline) {
    try (Connection conn = openConnection()) {
      SqlGuard.Analysis analysis = SqlGuard.analyze(conn, request.sql());
      Lock reading = locks.files.readLock();
      reading.lock();
      try {
        Plan plan = plan(analysis, request.timeRange());
        createViews(conn, plan, request.timeRange());
        lockDown(conn, plan);
        return run(conn, request, plan, started, deadline);
      } finally {
        reading.unlock();
      }
    } catch (SQLException e) {
      throw new MantissaException(
          ErrorCode.QUERY_FAILED, "the query engine failed: " + e.getMessage(), e);
    }
  }

  @Override
  public CostEstimate estimate(QueryRequest request) {
    ensureOpen();
    try (Connection conn = openConnection()) {
      return plan(SqlGuard.analyze(conn, request.sql()), request.timeRange()).estimate();
    } catch (SQLException e) {
      throw new MantissaException(
          ErrorCode.QUERY_FAILED, "the query engine failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<TableInfo> catalog() {
    ensureOpen();
    List<TableInfo> tables = new ArrayList<>();
    for (String source : viewSources(lake.sources())) {
      tables.add(new TableInfo(source, "Events of source " + source + ", one row each", COLUMNS));
    }
    tables.add(new TableInfo(EVENTS, "Events of all sources", COLUMNS));
    tables.add(
        new TableInfo(
            IDENTITY_EVENTS,
            "Identity events of all sources: OCSF authentication (class_uid 3002) and account"
                + " change (class_uid 3001)",
            COLUMNS));
    return tables;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new MantissaException(ErrorCode.QUERY_FAILED, "the query backend is closed");
    }
  }

  /** Of {@code lakeSources}, those that get a view of their own (not a unified view's name). */
  private static Set<String> viewSources(Set<String> lakeSources) {
    Set<String> sources = new TreeSet<>(lakeSources);
    sources.remove(EVENTS);
    sources.remove(IDENTITY_EVENTS);
    return sources;
  }

  /** The files each source's view reads. */
  record Plan(Set<String> sources, Map<String, List<Lake.HourFiles>> files, List<String> tables) {
    CostEstimate estimate() {
      long bytes = 0;
      int partitions = 0;
      int count = 0;
      for (List<Lake.HourFiles> hours : files.values()) {
        for (Lake.HourFiles hour : hours) {
          partitions++;
          for (Path file : hour.all()) {
            count++;
            bytes += Lake.sizeOf(file);
          }
        }
      }
      return new CostEstimate(bytes, partitions, count, tables);
    }

    List<Path> allFiles() {
      List<Path> all = new ArrayList<>();
      for (List<Lake.HourFiles> hours : files.values()) {
        for (Lake.HourFiles hour : hours) {
          all.addAll(hour.all());
        }
      }
      return all;
    }
  }

  private Plan plan(SqlGuard.Analysis analysis, TimeRange range) {
    Set<String> sources = lake.sources();
    Set<String> known = viewSources(sources);
    known.add(EVENTS);
    known.add(IDENTITY_EVENTS);
    Set<String> read = new TreeSet<>();
    List<String> tables = new ArrayList<>();
    for (String table : analysis.tables()) {
      if (known.contains(table)) {
        tables.add(table);
        if (table.equals(EVENTS) || table.equals(IDENTITY_EVENTS)) {
          read.addAll(sources);
        } else {
          read.add(table);
        }
      } else if (!analysis.cteNames().contains(table)) {
        throw new MantissaException(
            ErrorCode.QUERY_REJECTED,
            "unknown table '" + table + "'; the tables are: " + String.join(", ", known));
      }
    }
    Map<String, List<Lake.HourFiles>> files = new LinkedHashMap<>();
    for (String source : read) {
      files.put(source, lake.snapshot(source, range));
    }
    return new Plan(sources, files, tables);
  }

  private void createViews(Connection conn, Plan plan, TimeRange range) throws SQLException {
    try (Statement st = conn.createStatement()) {
      List<String> unified = new ArrayList<>();
      for (String source : plan.sources()) {
        String body = viewBody(plan.files().getOrDefault(source, List.of()), range);
        String view = "__lake_" + source;
        st.execute("CREATE TEMP VIEW " + Sql.identifier(view) + " AS " + body);
        unified.add("SELECT " + Sql.COLUMNS + " FROM " + Sql.identifier(view));
        if (!source.equals(EVENTS) && !source.equals(IDENTITY_EVENTS)) {
          st.execute(
              "CREATE TEMP VIEW "
                  + Sql.identifier(source)
                  + " AS SELECT "
                  + Sql.COLUMNS
                  + " FROM "
                  + Sql.identifier(view));
        }
      }
      st.execute(
          "CREATE TEMP VIEW "
              + EVENTS
              + " AS "
              + (unified.isEmpty() ? EMPTY_VIEW : String.join(" UNION ALL ", unified)));
      st.execute(
          "CREATE TEMP VIEW "
              + IDENTITY_EVENTS
              + " AS SELECT "
              + Sql.COLUMNS
              + " FROM "
              + EVENTS
              + " WHERE TRY_CAST(json_extract_string(ocsf, '$.class_uid') AS INTEGER)"
              + " IN (3001, 3002)");
    }
  }

  private static String viewBody(List<Lake.HourFiles> hours, TimeRange range) {
    List<Path> parquet = new ArrayList<>();
    List<Path> raw = new ArrayList<>();
    for (Lake.HourFiles hour : hours) {
      parquet.addAll(hour.parquet());
      raw.addAll(hour.raw());
    }
    List<String> parts = new ArrayList<>();
    if (!parquet.isEmpty()) {
      parts.add("SELECT " + Sql.COLUMNS + " FROM " + Sql.readParquet(parquet));
    }
    if (!raw.isEmpty()) {
      parts.add("SELECT " + Sql.COLUMNS + " FROM " + Sql.readJson(raw));
    }
    if (parts.isEmpty()) {
      return EMPTY_VIEW;
    }
    return "SELECT "
        + Sql.COLUMNS
        + " FROM ("
        + String.join(" UNION ALL BY NAME ", parts)
        + ") WHERE time >= "
        + Sql.timestamp(range.start())
        + " AND time < "
        + Sql.timestamp(range.end());
  }

  /**
   * Sets the session time zone to UTC, lets the engine open only the planned files, turns off
   * external access and locks the configuration.
   */
  static void lockDown(Connection conn, Plan plan) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      List<Path> files = plan.allFiles();
      if (!files.isEmpty()) {
        st.execute("SET allowed_paths = " + Sql.fileList(files));
      }
      st.execute("SET enable_external_access = false");
      st.execute("SET lock_configuration = true");
    }
  }

  private QueryResult run(
      Connection conn, QueryRequest request, Plan plan, long started, long deadline)
      throws SQLException {
    AtomicBoolean timedOut = new AtomicBoolean();
    try (Statement st = conn.createStatement()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw timeout(request);
      }
      ScheduledFuture<?> canceller =
          scheduler.schedule(
              () -> {
                timedOut.set(true);
                try {
                  st.cancel();
                } catch (SQLException | RuntimeException e) {
                  LOG.debug("could not cancel a query: {}", e.toString());
                }
              },
              remaining,
              TimeUnit.NANOSECONDS);
      try (ResultSet rs = st.executeQuery(request.sql())) {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<ColumnInfo> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          columns.add(new ColumnInfo(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
          if (rows.size() == request.rowLimit()) {
            truncated = true;
            break;
          }
          List<Object> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(Values.read(rs, i, columns.get(i - 1).type()));
          }
          rows.add(java.util.Collections.unmodifiableList(row));
        }
        if (timedOut.get()) {
          throw timeout(request);
        }
        return new QueryResult(
            columns,
            rows,
            truncated,
            Duration.ofNanos(System.nanoTime() - started),
            plan.estimate());
      } catch (SQLException e) {
        if (timedOut.get()) {
          throw timeout(request);
        }
        if (isMissingFile(e)) {
          throw new FilesMovedException(e);
        }
        throw new MantissaException(ErrorCode.QUERY_FAILED, message(e), e);
      } finally {
        canceller.cancel(false);
      }
    }
  }

  private static MantissaException timeout(QueryRequest request) {
    return new MantissaException(
        ErrorCode.QUERY_TIMEOUT,
        "the query ran longer than its timeout of " + request.timeout() + " and was cancelled");
  }

  private static String message(SQLException e) {
    String m = String.valueOf(e.getMessage());
    // the JDBC driver wraps engine errors; keep the engine's own words
    String marker = "\nError: ";
    int at = m.indexOf(marker);
    return "the query failed: " + (at >= 0 ? m.substring(at + marker.length()) : m).strip();
  }

  private static boolean isMissingFile(SQLException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("No files found")
        || m.contains("No such file")
        || m.contains("Cannot open file");
  }

  private static Connection openConnection() throws SQLException {
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    return DriverManager.getConnection("jdbc:duckdb:", props);
  }

  /** A query failed because a listed file vanished (compacted by another process). */
  private static final class FilesMovedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FilesMovedException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
