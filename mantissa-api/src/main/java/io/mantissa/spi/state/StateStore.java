package io.mantissa.spi.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keyed documents with conditional writes and expiry: checkpoints, dedup windows, baselines,
 * sessions, locks, the alert outbox. An entry whose TTL has passed (by the store's clock) is
 * invisible to every operation, as if deleted.
 *
 * <p>Keys are non-empty strings of at most 512 characters; by convention they are namespaced with
 * slashes ({@code checkpoint/okta}, {@code dedup/rule-1/alice}).
 */
public interface StateStore extends AutoCloseable {

  /** The live entry under {@code key}. */
  Optional<StateEntry> get(String key);

  /** Writes {@code value} unconditionally, without expiry, and returns the new entry. */
  StateEntry put(String key, String value);

  /**
   * Writes {@code value} unconditionally, expiring after {@code ttl}, and returns the new entry.
   */
  StateEntry put(String key, String value, Duration ttl);

  /**
   * Writes only when no live entry exists, without expiry (a checkpoint, an outbox record).
   *
   * @return the new entry, or empty when a live entry already existed
   */
  Optional<StateEntry> putIfAbsent(String key, String value);

  /**
   * Writes only when no live entry exists, expiring after {@code ttl} (a lock, a first-seen
   * marker).
   *
   * @return the new entry, or empty when a live entry already existed
   */
  Optional<StateEntry> putIfAbsent(String key, String value, Duration ttl);

  /**
   * Writes only when the live entry has {@code expectedVersion} (compare-and-set); the new entry
   * has no expiry.
   *
   * @return the new entry, or empty when the entry is missing or has another version
   */
  Optional<StateEntry> compareAndSet(String key, long expectedVersion, String value);

  /**
   * Writes only when the live entry has {@code expectedVersion} (compare-and-set); the new entry
   * expires after {@code ttl}.
   *
   * @return the new entry, or empty when the entry is missing or has another version
   */
  Optional<StateEntry> compareAndSet(String key, long expectedVersion, String value, Duration ttl);

  /**
   * Deletes the entry.
   *
   * @return whether a live entry was deleted
   */
  boolean delete(String key);

  /** Live entries whose key starts with {@code prefix}, in key order, at most {@code limit}. */
  List<StateEntry> scan(String prefix, int limit);

  /** Releases resources. */
  @Override
  void close();
}
