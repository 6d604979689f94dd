package io.mantissa.backend.local.state;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.state.StateArguments;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * A {@link StateStore} in one SQLite file, the embedded default.
 *
 * <h2>Storage</h2>
 *
 * One table {@code state(key TEXT PRIMARY KEY, value TEXT, version INTEGER, expires_at INTEGER
 * NULL)}, {@code expires_at} in epoch milliseconds of the store's clock, plus a partial index on
 * {@code expires_at} for purging. The database runs in WAL mode, so readers never block the writer
 * nor the writer readers, with {@code synchronous=FULL}: in WAL mode {@code NORMAL} keeps the file
 * consistent but may lose the last commits on power loss, and this store holds checkpoints,
 * approvals and the alert outbox, where an acknowledged write that silently disappears means
 * duplicate or lost alerts. {@code FULL} costs one fsync of the WAL per commit, which state writes
 * (a few per batch, not per event) can afford. A busy timeout makes concurrent writers from other
 * processes wait for the write lock instead of failing at once.
 *
 * <h2>Atomicity</h2>
 *
 * Every operation is one SQL statement, so conditional writes hold in SQL and not in Java, also
 * between processes sharing the file: {@code put} and {@code putIfAbsent} are {@code INSERT ... ON
 * CONFLICT DO UPDATE ... RETURNING}, the latter with a {@code WHERE} that only lets it replace an
 * expired row; {@code compareAndSet} is {@code UPDATE ... WHERE version = ? AND <live>}; {@code
 * delete} is {@code DELETE ... RETURNING <was live>}.
 *
 * <h2>Expiry</h2>
 *
 * An entry is live while {@code clock.millis() < expires_at}; expiry instants are rounded up to the
 * millisecond. Every statement filters on liveness, so an expired row is invisible to every
 * operation, as if deleted: {@code putIfAbsent} replaces it, {@code compareAndSet} misses it, and
 * the next write <b>starts again at version 1</b> (the same as after {@code delete}; continuing the
 * old version would depend on whether the row had been purged yet). The price is the ABA case of
 * every restarting counter: a caller still holding version 1 of an entry that expired and was
 * written again can compare-and-set the new entry, so lock holders renew well before expiry and
 * keep an owner token in the value. Expired rows are removed when they are overwritten or deleted,
 * and in batches by a purge that runs with a write at most once per purge interval and when the
 * store opens.
 *
 * <h2>Threads and processes</h2>
 *
 * Writes go through one connection under a lock: SQLite admits one writer at a time anyway, and
 * serialising writers in Java avoids them spinning on the busy handler. Reads borrow one of a few
 * pooled connections and run concurrently with each other and with the writer (WAL snapshots).
 * Several instances, in one process or several, may open the same file; they serialise on SQLite's
 * file lock and should share the same clock (the machine's), since expiry is judged by each
 * instance's clock.
 *
 * <h2>Keys and scans</h2>
 *
 * Keys are 1-512 characters without unpaired surrogates. A prefix scan is a range scan on the
 * primary key, {@code key >= prefix AND key < successor(prefix)}, in SQLite's binary order of
 * UTF-8, which is Unicode code point order; no character of the prefix is special.
 */
final class SqliteStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStateStore.class);

  static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_READERS = 4;
  static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
  private static final int PURGE_BATCH = 1_000;
  private static final int SCHEMA_VERSION = 1;
  private static final int JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

  private static final String LIVE = "(expires_at IS NULL OR expires_at > ?)";
  private static final String SELECT_ONE =
      "SELECT value, version, expires_at FROM state WHERE key = ? AND " + LIVE;
  private static final String UPSERT =
      "INSERT INTO state (key, value, version, expires_at) VALUES (?, ?, 1, ?)"
          + " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
          + " version = CASE WHEN state.expires_at IS NULL OR state.expires_at > ?"
          + " THEN state.version + 1 ELSE 1 END,"
          + " expires_at = excluded.expires_at"
          + " RETURNING version";
  private static final String INSERT_IF_ABSENT =
      "INSERT INTO state (key, value, version, expires_at) VALUES (?, ?, 1, ?)"
          + " ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = 1,"
          + " expires_at = excluded.expires_at"
          + " WHERE state.expires_at IS NOT NULL AND state.expires_at <= ?"
          + " RETURNING version";
  private static final String COMPARE_AND_SET =
      "UPDATE state SET value = ?, version = version + 1, expires_at = ?"
          + " WHERE key = ? AND version = ? AND "
          + LIVE;
  private static final String DELETE =
      "DELETE FROM state WHERE key = ? RETURNING (expires_at IS NULL OR expires_at > ?)";
  private static final String SCAN_FROM =
      "SELECT key, value, version, expires_at FROM state WHERE key >= ? AND ";
  private static final String SCAN_ORDER = " ORDER BY key LIMIT ?";
  private static final String PURGE =
      "DELETE FROM state WHERE key IN"
          + " (SELECT key FROM state WHERE expires_at <= ? LIMIT "
          + PURGE_BATCH
          + ")";

  private final Path file;
  private final Clock clock;
  private final SQLiteConfig config;
  private final String url;
  private final Duration purgeInterval;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer; // guarded by writeLock
  private long nextPurgeMillis; // guarded by writeLock

  private final Semaphore readerPermits;
  private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private SqliteStateStore(
      Path file, Clock clock, Duration busyTimeout, int readers, Duration purgeInterval)
      throws SQLException {
    this.file = file;
    this.clock = clock;
    this.purgeInterval = purgeInterval;
    this.readerPermits = new Semaphore(readers);
    this.config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
    this.url = "jdbc:sqlite:" + file;
    this.writer = config.createConnection(url);
    try {
      createSchema(writer);
    } catch (SQLException e) {
      closeQuietly(writer);
      throw e;
    }
  }

  /** Opens (creating when missing) the store in {@code file} with the default settings. */
  static SqliteStateStore open(Path file, Clock clock) {
    return open(file, clock, DEFAULT_BUSY_TIMEOUT, DEFAULT_READERS, DEFAULT_PURGE_INTERVAL);
  }

  /**
   * Opens (creating when missing) the store in {@code file}.
   *
   * @param busyTimeout how long a write waits for another process holding the write lock
   * @param readers how many connections serve reads concurrently
   * @param purgeInterval how often, at most, expired rows are removed
   */
  static SqliteStateStore open(
      Path file, Clock clock, Duration busyTimeout, int readers, Duration purgeInterval) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(purgeInterval, "purgeInterval");
    if (readers < 1) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "readers must be at least 1");
    }
    Path absolute = file.toAbsolutePath();
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SqliteStateStore store =
          new SqliteStateStore(absolute, clock, busyTimeout, readers, purgeInterval);
      LOG.debug("Opened SQLite state store {}", absolute);
      return store;
    } catch (IOException | SQLException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE,
          "cannot open the state store " + absolute + ": " + e.getMessage(),
          e);
    }
  }

  private void createSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "CREATE TABLE IF NOT EXISTS state ("
              + " key TEXT NOT NULL PRIMARY KEY,"
              + " value TEXT NOT NULL,"
              + " version INTEGER NOT NULL CHECK (version >= 1),"
              + " expires_at INTEGER NULL)");
      s.executeUpdate(
          "CREATE INDEX IF NOT EXISTS state_expires_at ON state (expires_at)"
              + " WHERE expires_at IS NOT NULL");
      int version;
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version == 0) {
        s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
      } else if (version > SCHEMA_VERSION) {
        throw new SQLException(
            "state schema version "
                + version
                + " is newer than this Mantissa's "
                + SCHEMA_VERSION
                + "; upgrade Mantissa");
      }
    }
    purgeExpiredLocked(clock.millis());
  }

  /** The path of the database file. */
  Path file() {
    return file;
  }

  @Override
  public Optional<StateEntry> get(String key) {
    StateArguments.requireKey(key);
    return read(
        "get",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
            ps.setString(1, key);
            ps.setLong(2, clock.millis());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(entry(key, rs.getString(1), rs.getLong(2), expiresAt(rs, 3)));
            }
          }
        });
  }

  @Override
  public StateEntry put(String key, String value) {
    return upsert(key, value, null);
  }

  @Override
  public StateEntry put(String key, String value, Duration ttl) {
    StateArguments.requireTtl(ttl);
    return upsert(key, value, ttl);
  }

  private StateEntry upsert(String key, String value, Duration ttl) {
    StateArguments.requireKey(key);
    StateArguments.requireValue(value);
    return write(
        "put",
        (c, now) -> {
          Long expiresAt = ttl == null ? null : StateArguments.expiryEpochMillis(now, ttl);
          try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, key);
            ps.setString(2, value);
            setNullableLong(ps, 3, expiresAt);
            ps.setLong(4, now);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new SQLException("upsert returned no row");
              }
              return entry(key, value, rs.getLong(1), expiresAt);
            }
          }
        });
  }

  @Override
  public Optional<StateEntry> putIfAbsent(String key, String value) {
    return insertIfAbsent(key, value, null);
  }

  @Override
  public Optional<StateEntry> putIfAbsent(String key, String value, Duration ttl) {
    StateArguments.requireTtl(ttl);
    return insertIfAbsent(key, value, ttl);
  }

  private Optional<StateEntry> insertIfAbsent(String key, String value, Duration ttl) {
    StateArguments.requireKey(key);
    StateArguments.requireValue(value);
    return write(
        "putIfAbsent",
        (c, now) -> {
          Long expiresAt = ttl == null ? null : StateArguments.expiryEpochMillis(now, ttl);
          try (PreparedStatement ps = c.prepareStatement(INSERT_IF_ABSENT)) {
            ps.setString(1, key);
            ps.setString(2, value);
            setNullableLong(ps, 3, expiresAt);
            ps.setLong(4, now);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(entry(key, value, rs.getLong(1), expiresAt))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public Optional<StateEntry> compareAndSet(String key, long expectedVersion, String value) {
    return conditionalUpdate(key, expectedVersion, value, null);
  }

  @Override
  public Optional<StateEntry> compareAndSet(
      String key, long expectedVersion, String value, Duration ttl) {
    StateArguments.requireTtl(ttl);
    return conditionalUpdate(key, expectedVersion, value, ttl);
  }

  private Optional<StateEntry> conditionalUpdate(
      String key, long expectedVersion, String value, Duration ttl) {
    StateArguments.requireKey(key);
    StateArguments.requireValue(value);
    if (expectedVersion < 1) {
      return Optional.empty();
    }
    return write(
        "compareAndSet",
        (c, now) -> {
          Long expiresAt = ttl == null ? null : StateArguments.expiryEpochMillis(now, ttl);
          try (PreparedStatement ps = c.prepareStatement(COMPARE_AND_SET)) {
            ps.setString(1, value);
            setNullableLong(ps, 2, expiresAt);
            ps.setString(3, key);
            ps.setLong(4, expectedVersion);
            ps.setLong(5, now);
            return ps.executeUpdate() == 1
                ? Optional.of(entry(key, value, expectedVersion + 1, expiresAt))
                : Optional.empty();
          }
        });
  }

  @Override
  public boolean delete(String key) {
    StateArguments.requireKey(key);
    return write(
        "delete",
        (c, now) -> {
          try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setString(1, key);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() && rs.getBoolean(1);
            }
          }
        });
  }

  @Override
  public List<StateEntry> scan(String prefix, int limit) {
    StateArguments.requirePrefix(prefix);
    StateArguments.requireLimit(limit);
    String upper = StateArguments.prefixUpperBound(prefix);
    String sql = SCAN_FROM + (upper == null ? "" : "key < ? AND ") + LIVE + SCAN_ORDER;
    return read(
        "scan",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, prefix);
            if (upper != null) {
              ps.setString(i++, upper);
            }
            ps.setLong(i++, clock.millis());
            ps.setInt(i, limit);
            List<StateEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                entries.add(
                    entry(rs.getString(1), rs.getString(2), rs.getLong(3), expiresAt(rs, 4)));
              }
            }
            return List.copyOf(entries);
          }
        });
  }

  /**
   * Removes every expired row now, whatever the purge interval.
   *
   * @return how many rows were removed
   */
  int purgeExpired() {
    return write("purge", (c, now) -> purgeExpiredLocked(now));
  }

  /** Closes every connection; idempotent. Operations after close fail. */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
    drainIdleReaders();
    LOG.debug("Closed SQLite state store {}", file);
  }

  // --- connections -------------------------------------------------------------------------

  @FunctionalInterface
  private interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  private interface Write<T> {
    T run(Connection c, long nowMillis) throws SQLException;
  }

  private <T> T write(String operation, Write<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      long now = clock.millis();
      T result = work.run(writer, now);
      if (now >= nextPurgeMillis) {
        purgeQuietly(now);
      }
      return result;
    } catch (SQLException e) {
      throw failure(operation, e);
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T read(String operation, Read<T> work) {
    ensureOpen();
    try {
      readerPermits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "interrupted waiting for a state store connection", e);
    }
    Connection c = idleReaders.poll();
    try {
      if (c == null) {
        ensureOpen();
        c = config.createConnection(url);
      }
      return work.run(c);
    } catch (SQLException e) {
      closeQuietly(c);
      c = null;
      throw failure(operation, e);
    } finally {
      if (c != null) {
        idleReaders.offer(c);
        if (closed) {
          drainIdleReaders();
        }
      }
      readerPermits.release();
    }
  }

  private int purgeExpiredLocked(long now) throws SQLException {
    int total = 0;
    try (PreparedStatement ps = writer.prepareStatement(PURGE)) {
      int removed;
      do {
        ps.setLong(1, now);
        removed = ps.executeUpdate();
        total += removed;
      } while (removed == PURGE_BATCH);
    }
    nextPurgeMillis = saturatedAdd(now, purgeInterval.toMillis());
    if (total > 0) {
      LOG.debug("Purged {} expired state entries from {}", total, file);
    }
    return total;
  }

  private void purgeQuietly(long now) {
    try {
      purgeExpiredLocked(now);
    } catch (SQLException e) {
      // The write itself succeeded; expired rows are invisible anyway and the next purge retries.
      LOG.warn("Could not purge expired state entries from {}: {}", file, e.getMessage());
      nextPurgeMillis = saturatedAdd(now, purgeInterval.toMillis());
    }
  }

  private void drainIdleReaders() {
    Connection c;
    while ((c = idleReaders.poll()) != null) {
      closeQuietly(c);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "state store " + file + " is closed");
    }
  }

  private MantissaException failure(String operation, SQLException e) {
    return new MantissaException(
        ErrorCode.STORAGE_FAILURE,
        "state store " + file + ": " + operation + " failed: " + e.getMessage(),
        e);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("Ignoring an error while closing a state store connection", e);
    }
  }

  // --- values ------------------------------------------------------------------------------

  private static StateEntry entry(String key, String value, long version, Long expiresAt) {
    return new StateEntry(
        key,
        value,
        version,
        expiresAt == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiresAt)));
  }

  private static Long expiresAt(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static void setNullableLong(PreparedStatement ps, int index, Long value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
