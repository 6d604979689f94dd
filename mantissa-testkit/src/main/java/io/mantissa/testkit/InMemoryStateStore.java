package io.mantissa.testkit;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.state.StateArguments;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link StateStore} in memory, for tests of code that uses state. It passes {@link
 * StateStoreConformance} and follows the same rules as the SQLite store of the embedded backend:
 *
 * <ul>
 *   <li>Time comes from the injected {@link Clock} (a {@link MutableClock} in tests). An entry is
 *       live while the clock is before its expiry; expiry instants are kept to the millisecond,
 *       rounded up.
 *   <li>An expired entry is treated exactly like a deleted one: a write after expiry starts again
 *       at version 1.
 *   <li>Keys are 1-512 UTF-16 characters without unpaired surrogates; scans return keys in Unicode
 *       code point order (UTF-8 byte order).
 *   <li>TTLs must be positive; scan limits at least 1. Violations throw {@link MantissaException}
 *       with {@link ErrorCode#INVALID_ARGUMENT}.
 * </ul>
 *
 * <p>Thread-safe: every operation holds the store's monitor. Nothing is persisted.
 */
public final class InMemoryStateStore implements StateStore {
  private final Clock clock;
  private final TreeMap<String, StateEntry> entries =
      new TreeMap<>(StateArguments.CODE_POINT_ORDER);
  private boolean closed;

  /** An empty store that reads time from {@code clock}. */
  public InMemoryStateStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Optional<StateEntry> get(String key) {
    StateArguments.requireKey(key);
    return Optional.ofNullable(live(key, clock.instant()));
  }

  @Override
  public StateEntry put(String key, String value) {
    return write(key, value, null);
  }

  @Override
  public StateEntry put(String key, String value, Duration ttl) {
    StateArguments.requireTtl(ttl);
    return write(key, value, ttl);
  }

  private synchronized StateEntry write(String key, String value, Duration ttl) {
    StateArguments.requireKey(key);
    StateArguments.requireValue(value);
    Instant now = clock.instant();
    Optional<Instant> expiresAt = expiry(now, ttl);
    ensureOpen();
    StateEntry current = live(key, now);
    StateEntry next =
        new StateEntry(key, value, current == null ? 1 : current.version() + 1, expiresAt);
    entries.put(key, next);
    return next;
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

  private synchronized Optional<StateEntry> insertIfAbsent(String key, String value, Duration ttl) {
    StateArguments.requireKey(key);
    StateArguments.requireValue(value);
    Instant now = clock.instant();
    Optional<Instant> expiresAt = expiry(now, ttl);
    ensureOpen();
    if (live(key, now) != null) {
      return Optional.empty();
    }
    StateEntry next = new StateEntry(key, value, 1, expiresAt);
    entries.put(key, next);
    return Optional.of(next);
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

  private synchronized Optional<StateEntry> conditionalUpdate(
      String key, long expectedVersion, String value, Duration ttl) {
    StateArguments.requireKey(key);
    StateArguments.requireValue(value);
    Instant now = clock.instant();
    Optional<Instant> expiresAt = expiry(now, ttl);
    ensureOpen();
    StateEntry current = live(key, now);
    if (current == null || current.version() != expectedVersion) {
      return Optional.empty();
    }
    StateEntry next = new StateEntry(key, value, expectedVersion + 1, expiresAt);
    entries.put(key, next);
    return Optional.of(next);
  }

  @Override
  public synchronized boolean delete(String key) {
    StateArguments.requireKey(key);
    ensureOpen();
    boolean wasLive = live(key, clock.instant()) != null;
    entries.remove(key);
    return wasLive;
  }

  @Override
  public synchronized List<StateEntry> scan(String prefix, int limit) {
    StateArguments.requirePrefix(prefix);
    StateArguments.requireLimit(limit);
    ensureOpen();
    Instant now = clock.instant();
    List<StateEntry> result = new ArrayList<>();
    Iterator<Map.Entry<String, StateEntry>> it =
        entries.tailMap(prefix, true).entrySet().iterator();
    while (it.hasNext() && result.size() < limit) {
      Map.Entry<String, StateEntry> e = it.next();
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (isExpired(e.getValue(), now)) {
        it.remove();
      } else {
        result.add(e.getValue());
      }
    }
    return List.copyOf(result);
  }

  /** How many entries the store holds, expired or not; for tests of purging. */
  public synchronized int size() {
    return entries.size();
  }

  /** Drops every entry. */
  public synchronized void clear() {
    entries.clear();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /** The live entry, dropping it when it has expired. */
  private StateEntry live(String key, Instant now) {
    ensureOpen();
    StateEntry entry = entries.get(key);
    if (entry != null && isExpired(entry, now)) {
      entries.remove(key);
      return null;
    }
    return entry;
  }

  /** The expiry of an entry written at {@code now} with {@code ttl}; none when it is null. */
  private static Optional<Instant> expiry(Instant now, Duration ttl) {
    return ttl == null
        ? Optional.empty()
        : Optional.of(
            Instant.ofEpochMilli(StateArguments.expiryEpochMillis(now.toEpochMilli(), ttl)));
  }

  private static boolean isExpired(StateEntry entry, Instant now) {
    return entry.expiresAt().isPresent() && !now.isBefore(entry.expiresAt().get());
  }

  private void ensureOpen() {
    if (closed) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "state store is closed");
    }
  }
}
