package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.LogCollector;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads Snowflake's {@code SNOWFLAKE.ACCOUNT_USAGE} views over JDBC: {@code LOGIN_HISTORY} by
 * {@code (EVENT_TIMESTAMP, EVENT_ID)} and {@code QUERY_HISTORY} by {@code (END_TIME, QUERY_ID)}, in
 * that order, each in bounded, ordered batches:
 *
 * <pre>
 * SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY
 *  WHERE EVENT_TIMESTAMP &lt;= CAST(? AS TIMESTAMP WITH TIME ZONE)
 *    AND (EVENT_TIMESTAMP &gt; CAST(? AS TIMESTAMP WITH TIME ZONE)
 *         OR (EVENT_TIMESTAMP = CAST(? AS TIMESTAMP WITH TIME ZONE) AND EVENT_ID &gt; ?))
 *  ORDER BY EVENT_TIMESTAMP, EVENT_ID LIMIT n
 * </pre>
 *
 * The upper bound is now minus the view's latency (ACCOUNT_USAGE rows arrive late: Snowflake
 * documents up to 2 hours for LOGIN_HISTORY and 45 minutes for QUERY_HISTORY), so that a row is
 * only read once the rows before it are there. Every value is a bind parameter; the view names are
 * checked identifiers. Rows become JSON objects keyed by the upper-case column names, timestamps as
 * ISO instants in UTC — the shape the {@code snowflake} parser reads. The checkpoint holds the last
 * {@code (time, id)} of each view (see {@link StreamCursors}).
 *
 * <p>A transient or connection {@link SQLException} (SQLSTATE class 08) is retried by {@link
 * CollectorRunner}; other SQL errors are final.
 */
public final class SnowflakeAccountUsageCollector implements LogCollector {
  static final String PROVIDER = "snowflake-collector";
  private static final Pattern SCHEMA =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

  /** One view: its name, its watermark column and its tie-break column. */
  record View(String name, String timeColumn, String idColumn, Duration latency) {}

  /** The views read, in order. */
  public static final List<String> VIEWS = List.of("LOGIN_HISTORY", "QUERY_HISTORY");

  private static final Map<String, View> KNOWN =
      Map.of(
          "LOGIN_HISTORY",
          new View("LOGIN_HISTORY", "EVENT_TIMESTAMP", "EVENT_ID", Duration.ofHours(2)),
          "QUERY_HISTORY",
          new View("QUERY_HISTORY", "END_TIME", "QUERY_ID", Duration.ofMinutes(45)));

  private final Connections connections;
  private final EventParser parser;
  private final Clock clock;
  private final String schema;
  private final Map<String, View> views;
  private final int batchSize;
  private final Instant since;

  private SnowflakeAccountUsageCollector(Builder b) {
    if (b.connections == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, PROVIDER + ": a DataSource or a JDBC URL is required");
    }
    this.connections = b.connections;
    this.parser = Objects.requireNonNull(b.parser, "parser");
    this.clock = b.clock;
    this.schema = b.schema;
    this.batchSize = b.batchSize;
    this.since = b.since != null ? b.since : b.clock.instant().minus(b.lookback);
    Map<String, View> v = new LinkedHashMap<>();
    for (String name : b.views) {
      View known = KNOWN.get(name);
      v.put(
          name,
          b.latency == null
              ? known
              : new View(known.name(), known.timeColumn(), known.idColumn(), b.latency));
    }
    this.views = v;
  }

  /** A builder; a connection source and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  /** Opens connections. */
  @FunctionalInterface
  interface Connections {
    Connection open() throws SQLException;
  }

  /** A view's position: the last (time, id) read; {@code id == null} before the first row. */
  record Mark(Instant time, String id, boolean numericId) {
    ObjectNode write() {
      ObjectNode n = PageRecords.JSON.createObjectNode();
      n.put("t", time.toString());
      n.put("id", id);
      n.put("num", numericId);
      return n;
    }

    static Mark read(JsonNode n) {
      try {
        return new Mark(
            Instant.parse(n.path("t").asText()),
            n.path("id").isTextual() ? n.get("id").asText() : null,
            n.path("num").asBoolean(false));
      } catch (RuntimeException e) {
        throw new MantissaException(
            ErrorCode.STORAGE_FAILURE,
            PROVIDER + ": the checkpoint is not a Snowflake watermark; delete it to start over");
      }
    }
  }

  /** The SQL of one batch of {@code view}, after {@code mark}. */
  String sql(View view, Mark mark) {
    String t = view.timeColumn();
    String ts = "CAST(? AS TIMESTAMP WITH TIME ZONE)";
    String after =
        mark.id() == null
            ? t + " >= " + ts
            : "("
                + t
                + " > "
                + ts
                + " OR ("
                + t
                + " = "
                + ts
                + " AND "
                + view.idColumn()
                + " > ?))";
    return "SELECT * FROM "
        + schema
        + "."
        + view.name()
        + " WHERE "
        + t
        + " <= "
        + ts
        + " AND "
        + after
        + " ORDER BY "
        + t
        + ", "
        + view.idColumn()
        + " LIMIT "
        + batchSize;
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    StreamCursors cursors = StreamCursors.read(PROVIDER, List.copyOf(views.keySet()), checkpoint);
    View view = views.get(cursors.current());
    Mark mark = cursors.position().map(Mark::read).orElse(new Mark(since, null, false));
    Instant upTo = clock.instant().minus(view.latency());
    ArrayNode rows = PageRecords.JSON.createArrayNode();
    Mark last = mark;
    try (Connection connection = connections.open();
        PreparedStatement statement = connection.prepareStatement(sql(view, mark))) {
      int p = 1;
      statement.setString(p++, upTo.toString());
      statement.setString(p++, mark.time().toString());
      if (mark.id() != null) {
        statement.setString(p++, mark.time().toString());
        if (mark.numericId()) {
          statement.setBigDecimal(p, new BigDecimal(mark.id()));
        } else {
          statement.setString(p, mark.id());
        }
      }
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          ObjectNode row = rows.addObject();
          Instant time = null;
          String id = null;
          boolean numeric = false;
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnLabel(i).toUpperCase(Locale.ROOT);
            Object value = value(rs, i, meta.getColumnType(i));
            put(row, column, value);
            if (column.equals(view.timeColumn()) && value instanceof Instant at) {
              time = at;
            } else if (column.equals(view.idColumn()) && value != null) {
              id = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
              numeric = value instanceof Number;
            }
          }
          if (time == null || id == null) {
            throw new MantissaException(
                ErrorCode.REMOTE_FAILURE,
                PROVIDER
                    + ": "
                    + view.name()
                    + " answered a row without "
                    + view.timeColumn()
                    + " or "
                    + view.idColumn());
          }
          last = new Mark(time, id, numeric);
        }
      }
    } catch (SQLException e) {
      String what = PROVIDER + ": reading " + schema + "." + view.name() + " failed: " + e;
      if (e instanceof SQLTransientException
          || e instanceof SQLRecoverableException
          || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
        throw CollectorHttp.retryable(what, null);
      }
      throw new MantissaException(ErrorCode.REMOTE_FAILURE, what, e);
    }
    PageRecords.Parsed parsed =
        PageRecords.parse(
            parser,
            rows,
            "snowflake " + schema + "." + view.name() + " after " + mark.time(),
            clock.instant());
    return cursors
        .after(last.write(), rows.size() >= batchSize)
        .page(parsed.events(), parsed.rejected());
  }

  /** A column's value: timestamps as instants (UTC when the type has no zone). */
  private static Object value(ResultSet rs, int i, int type) throws SQLException {
    Object v = rs.getObject(i);
    if (v == null) {
      return null;
    }
    if (type == Types.TIMESTAMP
        || type == Types.TIMESTAMP_WITH_TIMEZONE
        || v instanceof Timestamp
        || v instanceof OffsetDateTime
        || v instanceof LocalDateTime
        || v instanceof ZonedDateTime) {
      if (v instanceof Timestamp t) {
        return t.toInstant();
      }
      if (v instanceof OffsetDateTime o) {
        return o.toInstant();
      }
      if (v instanceof ZonedDateTime z) {
        return z.toInstant();
      }
      if (v instanceof LocalDateTime l) {
        return l.toInstant(ZoneOffset.UTC);
      }
      if (v instanceof Instant at) {
        return at;
      }
    }
    return v;
  }

  private static void put(ObjectNode row, String column, Object v) {
    if (v == null) {
      row.putNull(column);
    } else if (v instanceof Instant at) {
      row.put(column, at.toString());
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      row.put(column, ((Number) v).longValue());
    } else if (v instanceof BigDecimal d) {
      row.put(column, d);
    } else if (v instanceof Double || v instanceof Float) {
      row.put(column, ((Number) v).doubleValue());
    } else if (v instanceof Boolean b) {
      row.put(column, b);
    } else if (v instanceof java.math.BigInteger big) {
      row.put(column, big);
    } else {
      row.put(column, v.toString());
    }
  }

  @Override
  public String toString() {
    return "SnowflakeAccountUsageCollector[" + schema + " " + views.keySet() + "]";
  }

  /** Builds {@link SnowflakeAccountUsageCollector}s. */
  public static final class Builder {
    private Connections connections;
    private EventParser parser;
    private Clock clock = Clock.systemUTC();
    private String schema = "SNOWFLAKE.ACCOUNT_USAGE";
    private List<String> views = VIEWS;
    private int batchSize = 1000;
    private Instant since;
    private Duration lookback = Duration.ofDays(7);
    private Duration latency;

    private Builder() {}

    /** Where connections come from (a pool, or the Snowflake driver's own DataSource). */
    public Builder dataSource(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource");
      this.connections = dataSource::getConnection;
      return this;
    }

    /**
     * A JDBC URL ({@code jdbc:snowflake://<account>.snowflakecomputing.com/?warehouse=…}) and the
     * driver's properties ({@code user}, {@code private_key_file} or {@code password}, {@code
     * role}, …); a connection is opened per batch through {@link DriverManager}.
     */
    public Builder jdbcUrl(String url, Properties properties) {
      Objects.requireNonNull(url, "url");
      Properties copy = new Properties();
      copy.putAll(properties);
      this.connections = () -> DriverManager.getConnection(url, copy);
      return this;
    }

    /** The parser of the {@code snowflake} source (required). */
    public Builder parser(EventParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser");
      return this;
    }

    /** The clock (default: the UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The schema holding the views, {@code SNOWFLAKE.ACCOUNT_USAGE} by default (a database and a
     * schema, letters, digits, {@code _} and {@code $}; a copy of the views elsewhere works too).
     */
    public Builder schema(String schema) {
      if (!SCHEMA.matcher(schema).matches()) {
        throw new IllegalArgumentException("schema must be [database.]schema, was " + schema);
      }
      this.schema = schema;
      return this;
    }

    /** The views to read, a non-empty subset of {@link #VIEWS} (default both). */
    public Builder views(List<String> views) {
      List<String> upper = views.stream().map(v -> v.trim().toUpperCase(Locale.ROOT)).toList();
      if (upper.isEmpty()
          || !VIEWS.containsAll(upper)
          || upper.stream().distinct().count() != upper.size()) {
        throw new IllegalArgumentException("views must be distinct names among " + VIEWS);
      }
      this.views = List.copyOf(upper);
      return this;
    }

    /** Rows per batch, 1 to 100000 (default 1000). */
    public Builder batchSize(int rows) {
      if (rows < 1 || rows > 100_000) {
        throw new IllegalArgumentException("batch-size must be 1 to 100000, was " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    /** Where the first run starts (default {@link #lookback} before now). */
    public Builder since(Instant since) {
      this.since = Objects.requireNonNull(since, "since");
      return this;
    }

    /** How far back the first run starts when {@link #since} is not set (default 7 days). */
    public Builder lookback(Duration lookback) {
      this.lookback = Objects.requireNonNull(lookback, "lookback");
      return this;
    }

    /**
     * How long before now rows are left alone, for every view (default: 2 hours for LOGIN_HISTORY,
     * 45 minutes for QUERY_HISTORY, the latencies Snowflake documents).
     */
    public Builder latency(Duration latency) {
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative");
      }
      this.latency = latency;
      return this;
    }

    /** Builds the collector. */
    public SnowflakeAccountUsageCollector build() {
      return new SnowflakeAccountUsageCollector(this);
    }
  }
}
