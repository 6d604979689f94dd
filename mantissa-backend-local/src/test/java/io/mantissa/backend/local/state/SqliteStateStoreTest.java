package io.mantissa.backend.local.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateArguments;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import io.mantissa.spi.state.StateStoreProvider;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store does beyond the contract: files, persistence, sharing, purging. */
class SqliteStateStoreTest {
  @TempDir Path dir;

  private final MutableClock clock = MutableClock.create();

  private Path file() {
    return dir.resolve("state.db");
  }

  @Test
  void entriesSurviveReopening() {
    try (StateStore store = SqliteStateStore.open(file(), clock)) {
      store.put("checkpoint/okta", "{\"after\":\"abc\"}");
      store.put("checkpoint/okta", "{\"after\":\"def\"}");
      store.put("dedup/r1/alice", "1", Duration.ofMinutes(10));
    }

    try (StateStore store = SqliteStateStore.open(file(), clock)) {
      assertThat(store.get("checkpoint/okta"))
          .contains(new StateEntry("checkpoint/okta", "{\"after\":\"def\"}", 2, Optional.empty()));
      assertThat(store.get("dedup/r1/alice"))
          .map(StateEntry::expiresAt)
          .contains(Optional.of(clock.instant().plus(Duration.ofMinutes(10))));
    }
  }

  @Test
  void theDatabaseIsOneTableInWalMode() throws SQLException {
    try (SqliteStateStore store = SqliteStateStore.open(file(), clock)) {
      store.put("k", "v");

      assertThat(Files.exists(dir.resolve("state.db-wal"))).isTrue();
      assertThat(pragma("journal_mode")).isEqualTo("wal");
      assertThat(tableColumns()).containsExactly("key", "value", "version", "expires_at");
    }
  }

  @Test
  void twoInstancesOnOneFileSeeEachOthersWrites() {
    try (StateStore a = SqliteStateStore.open(file(), clock);
        StateStore b = SqliteStateStore.open(file(), clock)) {
      a.put("shared", "from-a");
      assertThat(b.get("shared")).map(StateEntry::value).contains("from-a");

      StateEntry fromB =
          b.compareAndSet("shared", 1, "from-b", Duration.ofMinutes(1)).orElseThrow();
      assertThat(a.get("shared")).contains(fromB);
      assertThat(a.compareAndSet("shared", 1, "stale", Duration.ofMinutes(1))).isEmpty();

      assertThat(a.putIfAbsent("lock", "a", Duration.ofMinutes(1))).isPresent();
      assertThat(b.putIfAbsent("lock", "b", Duration.ofMinutes(1))).isEmpty();
      assertThat(b.delete("lock")).isTrue();
      assertThat(a.get("lock")).isEmpty();
    }
  }

  @Test
  void concurrentIncrementsThroughTwoInstancesLoseNothing() throws Exception {
    int threadsPerStore = 4;
    int perThread = 25;
    try (StateStore a = SqliteStateStore.open(file(), clock);
        StateStore b = SqliteStateStore.open(file(), clock)) {
      a.put("counter", "0");
      ExecutorService pool = Executors.newFixedThreadPool(threadsPerStore * 2);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        for (int t = 0; t < threadsPerStore * 2; t++) {
          StateStore store = t % 2 == 0 ? a : b;
          Callable<Void> task =
              () -> {
                start.await();
                for (int done = 0; done < perThread; ) {
                  StateEntry current = store.get("counter").orElseThrow();
                  String next = Long.toString(Long.parseLong(current.value()) + 1);
                  if (store
                      .compareAndSet("counter", current.version(), next, Duration.ofHours(1))
                      .isPresent()) {
                    done++;
                  }
                }
                return null;
              };
          futures.add(pool.submit(task));
        }
        start.countDown();
        for (Future<Void> f : futures) {
          f.get(5, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      int total = threadsPerStore * 2 * perThread;
      assertThat(b.get("counter")).map(StateEntry::value).contains(Integer.toString(total));
      assertThat(a.get("counter")).map(StateEntry::version).contains(total + 1L);
    }
  }

  @Test
  void expiredRowsArePurged() throws SQLException {
    try (SqliteStateStore store = SqliteStateStore.open(file(), clock)) {
      store.put("keep", "v");
      store.put("keep-ttl", "v", Duration.ofHours(1));
      for (int i = 0; i < 2_500; i++) {
        store.put("gone/" + i, "v", Duration.ofSeconds(1));
      }
      clock.advance(Duration.ofSeconds(1));
      assertThat(rowCount()).isEqualTo(2_502);

      assertThat(store.purgeExpired()).isEqualTo(2_500);

      assertThat(rowCount()).isEqualTo(2);
      assertThat(store.scan("", 10))
          .extracting(StateEntry::key)
          .containsExactly("keep", "keep-ttl");
    }
  }

  @Test
  void writesPurgeExpiredRowsOncePerInterval() throws SQLException {
    try (SqliteStateStore store = SqliteStateStore.open(file(), clock)) {
      store.put("gone", "v", Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(1));
      store.put("other", "v");
      assertThat(rowCount()).as("purge waits for its interval").isEqualTo(2);

      clock.advance(SqliteStateStore.DEFAULT_PURGE_INTERVAL);
      store.put("other", "v2");

      assertThat(rowCount()).isEqualTo(1);
    }
  }

  @Test
  void openingPurgesExpiredRows() throws SQLException {
    try (StateStore store = SqliteStateStore.open(file(), clock)) {
      store.put("gone", "v", Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofSeconds(1));

    try (StateStore store = SqliteStateStore.open(file(), clock)) {
      assertThat(rowCount()).isZero();
      assertThat(store.get("gone")).isEmpty();
    }
  }

  @Test
  void operationsAfterCloseFail() {
    SqliteStateStore store = SqliteStateStore.open(file(), clock);
    store.close();

    assertThatThrownBy(() -> store.get("k"))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE));
    assertThatThrownBy(() -> store.put("k", "v"))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE));
  }

  @Test
  void anUnusableFileIsAStorageFailure() throws Exception {
    Path notADatabase = dir.resolve("garbage.db");
    Files.writeString(notADatabase, "this is not a SQLite database, just text ".repeat(100));

    assertThatThrownBy(() -> SqliteStateStore.open(notADatabase, clock))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE))
        .hasMessageContaining("garbage.db");
  }

  @Test
  void theProviderIsFoundByNameAndUsesTheDataDirAndClock() {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir.resolve("data")).build();
    StateStoreProvider provider =
        ProviderRegistry.load(StateStoreProvider.class).get(LocalStateStoreProvider.NAME);

    try (StateStore store = provider.create(new ProviderContext(config, clock, Map.of()))) {
      StateEntry entry = store.put("k", "v", Duration.ofSeconds(5));

      assertThat(entry.expiresAt()).contains(clock.instant().plusSeconds(5));
      assertThat(dir.resolve("data/state/state.db")).exists();
    }
  }

  @Test
  void prefixUpperBoundIsTheSuccessorInCodePointOrder() {
    assertThat(StateArguments.prefixUpperBound("")).isNull();
    assertThat(StateArguments.prefixUpperBound("a/")).isEqualTo("a0");
    assertThat(StateArguments.prefixUpperBound("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(StateArguments.prefixUpperBound("a\uFFFF")).isEqualTo("a\uD800\uDC00");
    assertThat(StateArguments.prefixUpperBound("a\uDBFF\uDFFF")).isEqualTo("b");
    assertThat(StateArguments.prefixUpperBound("\uDBFF\uDFFF\uDBFF\uDFFF")).isNull();
  }

  private String pragma(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private List<String> tableColumns() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('state') ORDER BY cid")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }

  private long rowCount() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM state")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
