package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.MutableClock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Snowflake ACCOUNT_USAGE collector over real JDBC against a DuckDB file named {@code
 * snowflake.duckdb} (so its catalog is {@code SNOWFLAKE}) holding {@code
 * ACCOUNT_USAGE.LOGIN_HISTORY} and {@code ACCOUNT_USAGE.QUERY_HISTORY} with Snowflake's column
 * names. The SQL is the collector's own; it has not been run against Snowflake itself here.
 */
class SnowflakeCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(NOW);
  private String url;

  @BeforeEach
  void createViews() throws SQLException {
    url = "jdbc:duckdb:" + dir.resolve("snowflake.duckdb");
    exec(
        "CREATE SCHEMA snowflake.account_usage",
        "CREATE TABLE SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY (EVENT_ID BIGINT, EVENT_TIMESTAMP"
            + " TIMESTAMPTZ, EVENT_TYPE VARCHAR, USER_NAME VARCHAR, CLIENT_IP VARCHAR,"
            + " REPORTED_CLIENT_TYPE VARCHAR, REPORTED_CLIENT_VERSION VARCHAR,"
            + " FIRST_AUTHENTICATION_FACTOR VARCHAR, SECOND_AUTHENTICATION_FACTOR VARCHAR,"
            + " IS_SUCCESS VARCHAR, ERROR_CODE BIGINT, ERROR_MESSAGE VARCHAR, RELATED_EVENT_ID"
            + " BIGINT, CONNECTION VARCHAR)",
        "CREATE TABLE SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY (QUERY_ID VARCHAR, QUERY_TEXT VARCHAR,"
            + " DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, QUERY_TYPE VARCHAR, USER_NAME VARCHAR,"
            + " ROLE_NAME VARCHAR, WAREHOUSE_NAME VARCHAR, EXECUTION_STATUS VARCHAR, ERROR_CODE"
            + " VARCHAR, ERROR_MESSAGE VARCHAR, START_TIME TIMESTAMPTZ, END_TIME TIMESTAMPTZ,"
            + " TOTAL_ELAPSED_TIME BIGINT, ROWS_PRODUCED BIGINT)",
        // five logins; 102 and 103 share a second across the batch boundary; 106 is too recent
        login(101, "2026-03-01 08:00:00+00", "YES"),
        login(102, "2026-03-01 08:00:05+00", "NO"),
        login(103, "2026-03-01 08:00:05+00", "YES"),
        login(104, "2026-03-01 09:00:00.250+00", "YES"),
        login(105, "2026-03-01 09:30:00+00", "YES"),
        login(106, "2026-03-01 11:00:00+00", "YES"),
        query("01b2-q1", "SELECT", "'2026-03-01 09:00:00+00'", "2026-03-01 09:00:01+00"),
        query("01b2-q2", "CREATE_USER", "'2026-03-01 09:10:00+00'", "2026-03-01 09:10:00.5+00"),
        query("01b2-q3", "SELECT", "NULL", "2026-03-01 09:20:00+00"));
  }

  private void exec(String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  static String login(long id, String at, String ok) {
    return "INSERT INTO SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY VALUES ("
        + id
        + ", '"
        + at
        + "', 'LOGIN', 'ALICE', '198.51.100.40', 'SNOWFLAKE_UI', '3.2.0', 'PASSWORD', NULL, '"
        + ok
        + "', "
        + (ok.equals("YES") ? "NULL, NULL" : "390100, 'INCORRECT_USERNAME_PASSWORD'")
        + ", NULL, NULL)";
  }

  static String query(String id, String type, String start, String end) {
    return "INSERT INTO SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY VALUES ('"
        + id
        + "', 'select 1', 'DB', 'PUBLIC', '"
        + type
        + "', 'ALICE', 'SYSADMIN', 'WH', 'SUCCESS', NULL, NULL, "
        + start
        + ", '"
        + end
        + "', 42, 1)";
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private SnowflakeAccountUsageCollector.Builder collector() {
    return SnowflakeAccountUsageCollector.builder()
        .batchSize(2)
        .since(Instant.parse("2026-03-01T00:00:00Z"))
        .clock(clock)
        .parser(SourceCatalog.builtIn().parser("snowflake", context()));
  }

  private static CollectorRunner runner(
      SnowflakeAccountUsageCollector collector, CapturingStore store, StateStore state) {
    return CollectorRunner.builder(collector, store, state).sleeper(d -> {}).build();
  }

  @Test
  void readsBothViewsInOrderedBatchesByWatermarkAndResumesWithoutDuplicates() throws SQLException {
    List<Event> appended = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport first =
          runner(collector().dataSource(new UrlDataSource(url)).build(), store, state)
              .run(1, p -> {});
      assertThat(first.events()).isEqualTo(2);
      assertThat(first.caughtUp()).isFalse();
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      SnowflakeAccountUsageCollector c = collector().jdbcUrl(url, new Properties()).build();
      CollectorRunner.RunReport rest = runner(c, store, state).run(20, p -> {});
      assertThat(rest.caughtUp()).isTrue();
      assertThat(rest.events()).isEqualTo(5);
      assertThat(rest.rejected()).isEqualTo(1);
      assertThat(store.deadLetters().list("snowflake", 5))
          .singleElement()
          .satisfies(d -> assertThat(d.reason()).contains("EVENT_TIMESTAMP").contains("missing"));
      // later: a new login arrives and the clock passes the latency of 106 and 107
      exec(login(107, "2026-03-01 11:30:00+00", "YES"));
      clock.advance(Duration.ofHours(2));
      CollectorRunner.RunReport later = runner(c, store, state).run(20, p -> {});
      assertThat(later.events()).isEqualTo(2);
      assertThat(later.rejected()).isZero();
    }
    assertThat(appended.stream().map(Event::id))
        .containsExactly("101", "102", "103", "104", "105", "01b2-q1", "01b2-q2", "106", "107");
    Event failed = appended.get(1);
    assertThat(failed.time()).isEqualTo(Instant.parse("2026-03-01T08:00:05Z"));
    assertThat(failed.normalizedField(FieldPath.of("class_uid"))).isEqualTo(3002);
    assertThat(failed.normalizedField(FieldPath.of("status"))).isEqualTo("Failure");
    assertThat(failed.normalizedField(FieldPath.of("actor.user.name"))).isEqualTo("ALICE");
    assertThat(appended.get(3).time()).isEqualTo(Instant.parse("2026-03-01T09:00:00.250Z"));
    assertThat(appended.get(6).normalizedField(FieldPath.of("class_uid"))).isEqualTo(3001);
    assertThat(appended.get(5).field(FieldPath.of("END_TIME"))).isEqualTo("2026-03-01T09:00:01Z");
  }

  /** The smallest DataSource over DriverManager, as a pool would hand out connections. */
  static final class UrlDataSource implements DataSource {
    private final String url;

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
