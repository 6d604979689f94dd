package io.mantissa.backend.local.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.MantissaException;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of writes, conditional writes, deletes, reads, scans and clock moves give
 * the same observable results on the SQLite store as on the testkit's in-memory store. Keys are
 * drawn from a small set, so that operations collide, and include LIKE and GLOB wildcards and
 * characters outside the BMP; TTLs and clock moves are of the same order, so entries expire
 * mid-sequence.
 */
class StateStoreEquivalenceProperties {
  private static final List<String> KEYS =
      List.of("a", "a/b", "a/c", "a%", "a_", "ab", "b", "é", "😀", "a/😀", "\uFFFF");
  private static final List<String> PREFIXES =
      List.of("", "a", "a/", "a%", "a_", "b", "é", "😀", "\uFFFF", "z");

  /** One step of a sequence; {@link #apply} returns what a caller can observe. */
  interface Op {
    Object apply(StateStore store, MutableClock clock);
  }

  record Put(String key, String value) implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return store.put(key, value);
    }
  }

  record PutWithTtl(String key, String value, long ttlMillis) implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return store.put(key, value, Duration.ofMillis(ttlMillis));
    }
  }

  record PutIfAbsent(String key, String value, long ttlMillis) implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return store.putIfAbsent(key, value, Duration.ofMillis(ttlMillis));
    }
  }

  record CompareAndSet(String key, long expectedVersion, String value, long ttlMillis)
      implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return store.compareAndSet(key, expectedVersion, value, Duration.ofMillis(ttlMillis));
    }
  }

  record Delete(String key) implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return store.delete(key);
    }
  }

  record Get(String key) implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return store.get(key);
    }
  }

  record Scan(String prefix, int limit) implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return store.scan(prefix, limit);
    }
  }

  record Advance(long millis) implements Op {
    @Override
    public Object apply(StateStore store, MutableClock clock) {
      return clock.advance(Duration.ofMillis(millis));
    }
  }

  @Property(tries = 150)
  void sqliteBehavesLikeTheInMemoryStore(@ForAll("sequences") List<Op> ops) throws IOException {
    Path dir = Files.createTempDirectory("mantissa-state-property");
    MutableClock memoryClock = MutableClock.create();
    MutableClock sqliteClock = MutableClock.create();
    try (StateStore memory = new InMemoryStateStore(memoryClock);
        StateStore sqlite = SqliteStateStore.open(dir.resolve("state.db"), sqliteClock)) {
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        Object expected = observe(op, memory, memoryClock);
        Object actual = observe(op, sqlite, sqliteClock);
        assertThat(actual).as("step %d: %s", i, op).isEqualTo(expected);
      }
      assertThat(sqlite.scan("", Integer.MAX_VALUE))
          .as("final contents")
          .isEqualTo(memory.scan("", Integer.MAX_VALUE));
    } finally {
      deleteRecursively(dir);
    }
  }

  @Provide
  Arbitrary<List<Op>> sequences() {
    Arbitrary<String> keys = Arbitraries.of(KEYS);
    Arbitrary<String> values =
        Arbitraries.strings().withCharRange('a', 'z').withChars('"', '%', 'ł', '\n').ofMaxLength(6);
    Arbitrary<Long> ttls = Arbitraries.longs().between(1, 3_000);
    Arbitrary<Long> versions = Arbitraries.longs().between(0, 4);
    List<Arbitrary<? extends Op>> ops = new ArrayList<>();
    ops.add(Combinators.combine(keys, values).as(Put::new));
    ops.add(Combinators.combine(keys, values, ttls).as(PutWithTtl::new));
    ops.add(Combinators.combine(keys, values, ttls).as(PutIfAbsent::new));
    ops.add(Combinators.combine(keys, versions, values, ttls).as(CompareAndSet::new));
    ops.add(keys.map(Delete::new));
    ops.add(keys.map(Get::new));
    ops.add(
        Combinators.combine(Arbitraries.of(PREFIXES), Arbitraries.integers().between(1, 5))
            .as(Scan::new));
    ops.add(Arbitraries.longs().between(0, 2_000).map(Advance::new));
    return Arbitraries.oneOf(ops).list().ofMinSize(1).ofMaxSize(40);
  }

  private static Object observe(Op op, StateStore store, MutableClock clock) {
    try {
      return op.apply(store, clock);
    } catch (MantissaException e) {
      return "error " + e.code();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(StateStoreEquivalenceProperties::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
