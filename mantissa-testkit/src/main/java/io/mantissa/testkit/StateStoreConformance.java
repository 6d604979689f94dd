package io.mantissa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite of {@link StateStore}: extend it, return a fresh, empty store from {@link
 * #newStore(Clock)}, and every test here runs against your implementation.
 *
 * <pre>{@code
 * class MyStateStoreConformanceTest extends StateStoreConformance {
 *   @Override
 *   protected StateStore newStore(Clock clock) {
 *     return new MyStateStore(freshTable(), clock);
 *   }
 * }
 * }</pre>
 *
 * <p>The store must take all its time decisions from the given clock, a {@link MutableClock} the
 * tests move: TTLs are tested without sleeping. Beyond the interface's Javadoc, the suite pins
 * these rules, which every Mantissa store follows:
 *
 * <ul>
 *   <li>An entry is live while the clock is strictly before its expiry; {@code put} with a TTL of
 *       {@code d} at instant {@code t} expires at {@code t + d}.
 *   <li>An expired entry behaves exactly like a deleted one: it counts as absent for {@code
 *       putIfAbsent}, {@code compareAndSet} fails on it, {@code delete} returns {@code false}, and
 *       the next write starts again at version 1 (as after {@code delete}).
 *   <li>{@code scan} returns keys in Unicode code point order (the same as UTF-8 byte order) and
 *       treats every character of the prefix literally ({@code %}, {@code _}, {@code *}, ...). The
 *       limit counts live entries only.
 *   <li>Keys are 1-512 characters without unpaired surrogates; TTLs are positive; scan limits are
 *       at least 1. Anything else throws {@link MantissaException} with {@link
 *       ErrorCode#INVALID_ARGUMENT} (a {@code null} key may also throw {@link
 *       NullPointerException}).
 *   <li>Concurrent conditional writes from several threads are atomic: CAS increments lose nothing
 *       and {@code putIfAbsent} has exactly one winner.
 *   <li>{@code close()} may be called more than once.
 * </ul>
 */
public abstract class StateStoreConformance {
  /** Threads used by the concurrency tests. */
  protected static final int THREADS = 8;

  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** The clock the store under test reads; tests move it. */
  protected MutableClock clock;

  /** The store under test, fresh for every test. */
  protected StateStore store;

  /**
   * Creates a fresh, empty store that takes every time decision from {@code clock}. The suite
   * closes it after each test.
   */
  protected abstract StateStore newStore(Clock clock);

  /** How many CAS increments each of the {@link #THREADS} threads makes; override to go easier. */
  protected int incrementsPerThread() {
    return 50;
  }

  @BeforeEach
  final void openStore() {
    clock = MutableClock.create();
    store = newStore(clock);
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // --- get and put -------------------------------------------------------------------------

  @Test
  void getOfMissingKeyIsEmpty() {
    assertThat(store.get("missing")).isEmpty();
  }

  @Test
  void putCreatesVersionOneWithoutExpiry() {
    StateEntry entry = store.put("checkpoint/okta", "{\"cursor\":\"abc\"}");

    assertThat(entry)
        .isEqualTo(new StateEntry("checkpoint/okta", "{\"cursor\":\"abc\"}", 1, none()));
    assertThat(store.get("checkpoint/okta")).contains(entry);
  }

  @Test
  void everyPutIncrementsTheVersion() {
    store.put("k", "a");
    store.put("k", "b");
    StateEntry third = store.put("k", "c");

    assertThat(third.version()).isEqualTo(3);
    assertThat(store.get("k")).contains(new StateEntry("k", "c", 3, none()));
  }

  @Test
  void keysAreIndependent() {
    store.put("a", "1");
    store.put("a", "2");
    store.put("b", "3");

    assertThat(store.get("a")).map(StateEntry::version).contains(2L);
    assertThat(store.get("b")).map(StateEntry::version).contains(1L);
  }

  @ParameterizedTest
  @MethodSource("values")
  void valuesRoundTripExactly(String value) {
    store.put("value", value);

    assertThat(store.get("value")).map(StateEntry::value).contains(value);
  }

  static Stream<String> values() {
    StringBuilder large = new StringBuilder();
    for (int i = 0; large.length() < 200_000; i++) {
      large.append("{\"n\":").append(i).append(",\"s\":\"zażółć 😀\"},");
    }
    return Stream.of(
        "",
        " ",
        "plain",
        "{\"user\":\"alice@example.com\",\"count\":3}",
        "quotes ' \" ` and backslash \\ and NUL \u0000 inside",
        "lines\nand\r\ntabs\t",
        "ünïcödé 中文 😀 \uD83D\uDE00",
        large.toString());
  }

  @Test
  void putWithTtlExpiresAfterTheTtl() {
    Instant start = clock.instant();
    StateEntry entry = store.put("dedup/r1/alice", "1", Duration.ofSeconds(30));

    assertThat(entry.version()).isEqualTo(1);
    assertThat(entry.expiresAt()).contains(start.plusSeconds(30));
    assertThat(store.get("dedup/r1/alice")).contains(entry);

    clock.advance(Duration.ofSeconds(30).minusMillis(1));
    assertThat(store.get("dedup/r1/alice")).contains(entry);

    clock.advance(Duration.ofMillis(1));
    assertThat(store.get("dedup/r1/alice")).isEmpty();
  }

  @Test
  void expiredEntryIsInvisibleToEveryOperation() {
    store.put("session/a", "old", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));

    assertThat(store.get("session/a")).isEmpty();
    assertThat(store.scan("session/", 10)).isEmpty();
    assertThat(store.compareAndSet("session/a", 1, "cas", MINUTE)).isEmpty();
    assertThat(store.delete("session/a")).isFalse();
    assertThat(store.putIfAbsent("session/a", "new", MINUTE)).map(StateEntry::version).contains(1L);
    assertThat(store.get("session/a")).map(StateEntry::value).contains("new");
  }

  @Test
  void putAfterExpiryStartsAgainAtVersionOne() {
    store.put("k", "a", Duration.ofSeconds(10));
    store.put("k", "b", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));

    StateEntry entry = store.put("k", "c");

    assertThat(entry).isEqualTo(new StateEntry("k", "c", 1, none()));
  }

  @Test
  void putWithoutTtlRemovesAnEarlierTtl() {
    store.put("k", "a", Duration.ofSeconds(10));
    StateEntry entry = store.put("k", "b");
    clock.advance(Duration.ofDays(365));

    assertThat(entry).isEqualTo(new StateEntry("k", "b", 2, none()));
    assertThat(store.get("k")).contains(entry);
  }

  @Test
  void putWithTtlReplacesTheExpiry() {
    store.put("k", "a");
    clock.advance(Duration.ofSeconds(5));
    StateEntry entry = store.put("k", "b", Duration.ofSeconds(10));

    assertThat(entry.version()).isEqualTo(2);
    assertThat(entry.expiresAt()).contains(clock.instant().plusSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.get("k")).isEmpty();
  }

  @Test
  void longTtlsDoNotOverflow() {
    StateEntry entry = store.put("k", "v", Duration.ofDays(365L * 1000));
    clock.advance(Duration.ofDays(365L * 999));

    assertThat(store.get("k")).contains(entry);
  }

  // --- delete ------------------------------------------------------------------------------

  @Test
  void deleteRemovesALiveEntry() {
    store.put("k", "v");

    assertThat(store.delete("k")).isTrue();
    assertThat(store.get("k")).isEmpty();
    assertThat(store.delete("k")).isFalse();
  }

  @Test
  void deleteOfMissingKeyIsFalse() {
    assertThat(store.delete("never-written")).isFalse();
  }

  @Test
  void putAfterDeleteStartsAgainAtVersionOne() {
    store.put("k", "a");
    store.put("k", "b");
    store.delete("k");

    assertThat(store.put("k", "c").version()).isEqualTo(1);
  }

  @Test
  void deleteLeavesOtherKeysAlone() {
    store.put("a", "1");
    store.put("ab", "2");

    store.delete("a");

    assertThat(store.get("ab")).map(StateEntry::value).contains("2");
  }

  // --- putIfAbsent -------------------------------------------------------------------------

  @Test
  void putIfAbsentWithoutTtlNeverExpires() {
    Optional<StateEntry> entry = store.putIfAbsent("checkpoint/okta", "page-1");

    assertThat(entry).contains(new StateEntry("checkpoint/okta", "page-1", 1, Optional.empty()));
    clock.advance(Duration.ofDays(3650));
    assertThat(store.get("checkpoint/okta")).isEqualTo(entry);
    assertThat(store.putIfAbsent("checkpoint/okta", "page-2")).isEmpty();
  }

  @Test
  void compareAndSetWithoutTtlClearsAnExpiry() {
    StateEntry first = store.put("outbox/1", "pending", Duration.ofSeconds(30));

    Optional<StateEntry> next = store.compareAndSet("outbox/1", first.version(), "sent");

    assertThat(next).contains(new StateEntry("outbox/1", "sent", 2, Optional.empty()));
    clock.advance(Duration.ofDays(1));
    assertThat(store.get("outbox/1")).isEqualTo(next);
    assertThat(store.compareAndSet("outbox/1", 1, "stale")).isEmpty();
    assertThat(store.compareAndSet("missing", 1, "x")).isEmpty();
  }

  @Test
  void putIfAbsentWritesWhenAbsent() {
    Optional<StateEntry> entry = store.putIfAbsent("lock/job", "owner-1", Duration.ofSeconds(30));

    assertThat(entry)
        .contains(
            new StateEntry("lock/job", "owner-1", 1, Optional.of(clock.instant().plusSeconds(30))));
    assertThat(store.get("lock/job")).isEqualTo(entry);
  }

  @Test
  void putIfAbsentDoesNotTouchALiveEntry() {
    StateEntry held =
        store.putIfAbsent("lock/job", "owner-1", Duration.ofSeconds(30)).orElseThrow();
    StateEntry permanent = store.put("marker", "first");
    clock.advance(Duration.ofSeconds(29));

    assertThat(store.putIfAbsent("lock/job", "owner-2", Duration.ofHours(1))).isEmpty();
    assertThat(store.putIfAbsent("marker", "second", Duration.ofHours(1))).isEmpty();
    assertThat(store.get("lock/job")).contains(held);
    assertThat(store.get("marker")).contains(permanent);
  }

  @Test
  void putIfAbsentIsALockThatExpiresOrIsReleased() {
    assertThat(store.putIfAbsent("lock/job", "owner-1", Duration.ofSeconds(30))).isPresent();
    assertThat(store.putIfAbsent("lock/job", "owner-2", Duration.ofSeconds(30))).isEmpty();

    clock.advance(Duration.ofSeconds(30));
    Optional<StateEntry> second = store.putIfAbsent("lock/job", "owner-2", Duration.ofSeconds(30));
    assertThat(second).map(StateEntry::value).contains("owner-2");
    assertThat(second).map(StateEntry::version).contains(1L);

    assertThat(store.delete("lock/job")).isTrue();
    assertThat(store.putIfAbsent("lock/job", "owner-3", Duration.ofSeconds(30)))
        .map(StateEntry::value)
        .contains("owner-3");
  }

  @Test
  void putIfAbsentFromManyThreadsHasExactlyOneWinner() throws Exception {
    List<Optional<StateEntry>> results =
        runConcurrently(
            THREADS,
            thread ->
                () -> store.putIfAbsent("lock/race", "owner-" + thread, Duration.ofMinutes(1)));

    List<StateEntry> winners =
        results.stream().flatMap(Optional::stream).collect(java.util.stream.Collectors.toList());
    assertThat(winners).hasSize(1);
    assertThat(store.get("lock/race")).contains(winners.get(0));
  }

  // --- compareAndSet -----------------------------------------------------------------------

  @Test
  void compareAndSetWithTheCurrentVersionWrites() {
    store.put("baseline/alice", "v1");
    Optional<StateEntry> entry = store.compareAndSet("baseline/alice", 1, "v2", MINUTE);

    assertThat(entry)
        .contains(
            new StateEntry("baseline/alice", "v2", 2, Optional.of(clock.instant().plus(MINUTE))));
    assertThat(store.get("baseline/alice")).isEqualTo(entry);
  }

  @Test
  void compareAndSetWithAnotherVersionFailsAndChangesNothing() {
    store.put("k", "a");
    StateEntry current = store.put("k", "b");

    assertThat(store.compareAndSet("k", 1, "stale", MINUTE)).isEmpty();
    assertThat(store.compareAndSet("k", 3, "future", MINUTE)).isEmpty();
    assertThat(store.get("k")).contains(current);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0, 1, 2})
  void compareAndSetOnAMissingKeyFails(long expectedVersion) {
    assertThat(store.compareAndSet("missing", expectedVersion, "v", MINUTE)).isEmpty();
    assertThat(store.get("missing")).isEmpty();
  }

  @Test
  void compareAndSetOnAnExpiredEntryFails() {
    store.put("k", "a", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));

    assertThat(store.compareAndSet("k", 1, "b", MINUTE)).isEmpty();
    assertThat(store.get("k")).isEmpty();
  }

  @Test
  void compareAndSetReplacesTheExpiry() {
    store.put("session/s1", "a", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(9));
    StateEntry renewed = store.compareAndSet("session/s1", 1, "b", MINUTE).orElseThrow();

    clock.advance(Duration.ofSeconds(30));

    assertThat(store.get("session/s1")).contains(renewed);
    clock.advance(Duration.ofSeconds(30));
    assertThat(store.get("session/s1")).isEmpty();
  }

  @Test
  void onlyOneOfTwoWritersWithTheSameVersionWins() {
    store.put("k", "base");

    assertThat(store.compareAndSet("k", 1, "first", MINUTE)).isPresent();
    assertThat(store.compareAndSet("k", 1, "second", MINUTE)).isEmpty();
    assertThat(store.get("k")).map(StateEntry::value).contains("first");
  }

  @Test
  void concurrentCompareAndSetIncrementsEndWithTheExactCount() throws Exception {
    int perThread = incrementsPerThread();
    store.put("counter", "0");

    List<Integer> conflicts =
        runConcurrently(
            THREADS,
            thread ->
                () -> {
                  int lost = 0;
                  for (int done = 0; done < perThread; ) {
                    StateEntry current = store.get("counter").orElseThrow();
                    long next = Long.parseLong(current.value()) + 1;
                    if (store
                        .compareAndSet(
                            "counter", current.version(), Long.toString(next), Duration.ofHours(1))
                        .isPresent()) {
                      done++;
                    } else {
                      lost++;
                    }
                  }
                  return lost;
                });

    StateEntry counter = store.get("counter").orElseThrow();
    assertThat(counter.value()).isEqualTo(Integer.toString(THREADS * perThread));
    assertThat(counter.version()).isEqualTo(THREADS * perThread + 1L);
    assertThat(conflicts).hasSize(THREADS);
  }

  // --- scan --------------------------------------------------------------------------------

  @Test
  void scanReturnsTheKeysWithThePrefixInKeyOrder() {
    List<String> keys =
        new ArrayList<>(
            List.of("dedup/r1/bob", "dedup/r1/alice", "dedup/r2/alice", "dedup/r1/carol"));
    keys.addAll(List.of("dedup", "dedup0", "dedup.", "dedupe/r1", "checkpoint/okta", "e"));
    Collections.shuffle(keys, new Random(42));
    keys.forEach(k -> store.put(k, "v-" + k));

    assertThat(store.scan("dedup/r1/", 100))
        .extracting(StateEntry::key)
        .containsExactly("dedup/r1/alice", "dedup/r1/bob", "dedup/r1/carol");
    assertThat(store.scan("dedup/", 100))
        .extracting(StateEntry::key)
        .containsExactly("dedup/r1/alice", "dedup/r1/bob", "dedup/r1/carol", "dedup/r2/alice");
    assertThat(store.scan("dedup/r1/bob", 100))
        .containsExactly(new StateEntry("dedup/r1/bob", "v-dedup/r1/bob", 1, none()));
    assertThat(store.scan("nothing/", 100)).isEmpty();
  }

  @Test
  void scanWithAnEmptyPrefixReturnsEveryLiveEntry() {
    store.put("b", "2");
    store.put("a", "1");
    store.put("c", "3", Duration.ofSeconds(1));
    store.put("d", "4", Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(1));

    assertThat(store.scan("", 100)).extracting(StateEntry::key).containsExactly("a", "b", "d");
  }

  @Test
  void scanReturnsAtMostLimitEntriesFromTheStart() {
    for (int i = 0; i < 20; i++) {
      store.put(String.format("item/%02d", i), Integer.toString(i));
    }

    assertThat(store.scan("item/", 5))
        .extracting(StateEntry::key)
        .containsExactly("item/00", "item/01", "item/02", "item/03", "item/04");
    assertThat(store.scan("item/", 1)).extracting(StateEntry::key).containsExactly("item/00");
    assertThat(store.scan("item/", 20)).hasSize(20);
    assertThat(store.scan("item/", Integer.MAX_VALUE)).hasSize(20);
  }

  @Test
  void scanReturnsVersionsAndExpiries() {
    store.put("s/a", "1");
    store.put("s/a", "2");
    StateEntry b = store.put("s/b", "3", Duration.ofSeconds(5));

    assertThat(store.scan("s/", 10)).containsExactly(new StateEntry("s/a", "2", 2, none()), b);
  }

  @Test
  void expiredEntriesDoNotCountTowardsTheLimit() {
    store.put("q/1", "expiring", Duration.ofSeconds(1));
    store.put("q/2", "live");
    store.put("q/3", "expiring", Duration.ofSeconds(1));
    store.put("q/4", "expiring", Duration.ofSeconds(1));
    store.put("q/5", "live");
    store.put("q/6", "live");
    clock.advance(Duration.ofSeconds(1));

    assertThat(store.scan("q/", 2)).extracting(StateEntry::key).containsExactly("q/2", "q/5");
  }

  @Test
  void scanTreatsSqlAndGlobWildcardsLiterally() {
    List<String> keys =
        List.of(
            "a%b/1",
            "a_b/1", "axb/1", "ab/1", "a\\b/1", "a*b/1", "a?b/1", "a[b]/1", "a.b/1", "a'b/1",
            "a\"b/1");
    keys.forEach(k -> store.put(k, k));

    assertThat(store.scan("a%", 100)).extracting(StateEntry::key).containsExactly("a%b/1");
    assertThat(store.scan("a_", 100)).extracting(StateEntry::key).containsExactly("a_b/1");
    assertThat(store.scan("a\\", 100)).extracting(StateEntry::key).containsExactly("a\\b/1");
    assertThat(store.scan("a*", 100)).extracting(StateEntry::key).containsExactly("a*b/1");
    assertThat(store.scan("a?", 100)).extracting(StateEntry::key).containsExactly("a?b/1");
    assertThat(store.scan("a[", 100)).extracting(StateEntry::key).containsExactly("a[b]/1");
    assertThat(store.scan("a.", 100)).extracting(StateEntry::key).containsExactly("a.b/1");
    assertThat(store.scan("a'", 100)).extracting(StateEntry::key).containsExactly("a'b/1");
    assertThat(store.scan("a\"", 100)).extracting(StateEntry::key).containsExactly("a\"b/1");
    assertThat(store.scan("a", 100)).hasSize(keys.size());
  }

  @Test
  void scanOrdersUnicodeKeysByCodePoint() {
    // U+1F600 sorts after U+FF21 by code point (and UTF-8 bytes), before it by UTF-16 units.
    List<String> expected =
        List.of("u/A", "u/a", "u/é", "u/ł", "u/中", "u/\uFF21", "u/😀", "u/\uDBFF\uDFFF");
    List<String> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new Random(7));
    shuffled.forEach(k -> store.put(k, k));

    assertThat(store.scan("u/", 100))
        .extracting(StateEntry::key)
        .containsExactlyElementsOf(expected);
  }

  @Test
  void scanWithAUnicodePrefix() {
    List<String> keys =
        List.of(
            "użytkownik/1",
            "użytkownik/2",
            "użytkownika/1",
            "uzytkownik/1",
            "😀/1",
            "😀😀/1",
            "😁/1");
    keys.forEach(k -> store.put(k, k));

    assertThat(store.scan("użytkownik/", 10))
        .extracting(StateEntry::key)
        .containsExactly("użytkownik/1", "użytkownik/2");
    assertThat(store.scan("😀", 10)).extracting(StateEntry::key).containsExactly("😀/1", "😀😀/1");
    assertThat(store.scan("😀😀", 10)).extracting(StateEntry::key).containsExactly("😀😀/1");
  }

  @Test
  void scanWithPrefixesEndingInTheHighestCharacters() {
    List<String> keys =
        List.of(
            "h/\uFFFF", "h/\uFFFFa", "h/\uFFFF\uFFFF", "h/\uDBFF\uDFFF", "h/\uDBFF\uDFFFz", "h0");
    keys.forEach(k -> store.put(k, k));

    assertThat(store.scan("h/\uFFFF", 10))
        .extracting(StateEntry::key)
        .containsExactly("h/\uFFFF", "h/\uFFFFa", "h/\uFFFF\uFFFF");
    assertThat(store.scan("h/\uDBFF\uDFFF", 10))
        .extracting(StateEntry::key)
        .containsExactly("h/\uDBFF\uDFFF", "h/\uDBFF\uDFFFz");
    assertThat(store.scan("h/", 10)).hasSize(5);
  }

  // --- argument validation -----------------------------------------------------------------

  @Test
  void keysOfUpTo512CharactersAreAccepted() {
    String key = "k".repeat(512);

    store.put(key, "v");

    assertThat(store.get(key)).map(StateEntry::key).contains(key);
    assertThat(store.scan("k".repeat(511), 10)).hasSize(1);
    assertThat(store.get("x")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidKeys")
  void invalidKeysAreRejectedByEveryOperation(String description, String key) {
    for (Map.Entry<String, BiConsumer<StateStore, String>> op : keyOperations().entrySet()) {
      assertInvalidArgument(() -> op.getValue().accept(store, key), op.getKey());
    }
  }

  static Stream<Arguments> invalidKeys() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("513 characters", "k".repeat(513)),
        Arguments.of("unpaired high surrogate", "key\uD83D"),
        Arguments.of("unpaired low surrogate", "\uDE00key"));
  }

  @Test
  void nullKeysAreRejectedByEveryOperation() {
    for (Map.Entry<String, BiConsumer<StateStore, String>> op : keyOperations().entrySet()) {
      assertThatThrownBy(() -> op.getValue().accept(store, null))
          .as(op.getKey())
          .isInstanceOfAny(MantissaException.class, NullPointerException.class);
    }
  }

  @Test
  void invalidTtlsAreRejected() {
    for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      assertInvalidArgument(() -> store.put("k", "v", ttl), "put " + ttl);
      assertInvalidArgument(() -> store.putIfAbsent("k", "v", ttl), "putIfAbsent " + ttl);
      assertInvalidArgument(() -> store.compareAndSet("k", 1, "v", ttl), "compareAndSet " + ttl);
    }
    assertThatThrownBy(() -> store.put("k", "v", null))
        .isInstanceOfAny(MantissaException.class, NullPointerException.class);
    assertThatThrownBy(() -> store.putIfAbsent("k", "v", null))
        .isInstanceOfAny(MantissaException.class, NullPointerException.class);
    assertThatThrownBy(() -> store.compareAndSet("k", 1, "v", null))
        .isInstanceOfAny(MantissaException.class, NullPointerException.class);
    assertThat(store.get("k")).isEmpty();
  }

  @Test
  void invalidScanArgumentsAreRejected() {
    assertInvalidArgument(() -> store.scan("p/", 0), "limit 0");
    assertInvalidArgument(() -> store.scan("p/", -1), "limit -1");
    assertThatThrownBy(() -> store.scan(null, 10))
        .isInstanceOfAny(MantissaException.class, NullPointerException.class);
  }

  @Test
  void closeMayBeCalledTwice() {
    store.close();

    assertThatCode(store::close).doesNotThrowAnyException();
    store = null;
  }

  // --- helpers -----------------------------------------------------------------------------

  private static Map<String, BiConsumer<StateStore, String>> keyOperations() {
    Map<String, BiConsumer<StateStore, String>> ops = new LinkedHashMap<>();
    ops.put("get", StateStore::get);
    ops.put("put", (s, k) -> s.put(k, "v"));
    ops.put("put with ttl", (s, k) -> s.put(k, "v", MINUTE));
    ops.put("putIfAbsent", (s, k) -> s.putIfAbsent(k, "v", MINUTE));
    ops.put("compareAndSet", (s, k) -> s.compareAndSet(k, 1, "v", MINUTE));
    ops.put("delete", StateStore::delete);
    return ops;
  }

  /** Asserts that {@code call} throws {@link MantissaException} with {@code INVALID_ARGUMENT}. */
  protected static void assertInvalidArgument(ThrowingCallable call, String description) {
    assertThatThrownBy(call)
        .as(description)
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).as(description).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  /**
   * Runs {@code threads} tasks at once (they start together on a latch) and returns their results
   * in thread order. Fails if a task throws or if they do not finish within a generous bound.
   */
  protected static <T> List<T> runConcurrently(int threads, TaskFactory<T> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<T> task = tasks.task(t);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(5, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Makes the task of one thread of {@link #runConcurrently}.
   *
   * @param <T> what the task returns
   */
  @FunctionalInterface
  protected interface TaskFactory<T> {
    /** The task of thread number {@code thread}. */
    Callable<T> task(int thread);
  }

  private static Optional<Instant> none() {
    return Optional.empty();
  }
}
