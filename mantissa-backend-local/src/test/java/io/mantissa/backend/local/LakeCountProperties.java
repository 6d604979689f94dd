package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random events across hours and sources: count per source and hour is exact, compacted or not. */
class LakeCountProperties {
  static final Instant BASE = Instant.parse("2026-11-25T00:00:00Z");
  static final Clock LATER = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  record Spec(String source, long offsetMicros) {}

  @Provide
  Arbitrary<Spec> specs() {
    return Combinators.combine(
            Arbitraries.of("okta", "github", "aws_cloudtrail"),
            // six hours, with extra weight on the instants around hour boundaries
            Arbitraries.oneOf(
                Arbitraries.longs().between(0, 6L * 3_600_000_000L - 1),
                Arbitraries.integers()
                    .between(1, 5)
                    .flatMap(
                        h -> Arbitraries.longs().between(-2, 1).map(d -> h * 3_600_000_000L + d))))
        .as(Spec::new);
  }

  @Property(tries = 15)
  void countPerHourEqualsInputBeforeAndAfterCompaction(
      @ForAll @Size(min = 1, max = 6)
          List<@Size(max = 40) List<@net.jqwik.api.From("specs") Spec>> batches)
      throws IOException {
    Path dir = Files.createTempDirectory("lake-property");
    try (LocalEventStore store = LocalEventStore.open(dir, LATER);
        LocalQueryBackend backend = LocalQueryBackend.open(dir)) {
      Map<String, Long> expected = new TreeMap<>();
      int n = 0;
      for (List<Spec> batch : batches) {
        Map<String, List<Event>> bySource = new TreeMap<>();
        for (Spec spec : batch) {
          Instant time = BASE.plusNanos(spec.offsetMicros() * 1000);
          bySource
              .computeIfAbsent(spec.source(), s -> new ArrayList<>())
              .add(TestEvents.plain(spec.source(), "e" + n++, time));
          expected.merge(key(spec.source(), time), 1L, Long::sum);
        }
        bySource.forEach(store::append);
      }

      assertThat(countsByHour(backend)).isEqualTo(expected);
      store.compact();
      assertThat(countsByHour(backend)).isEqualTo(expected);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String key(String source, Instant time) {
    return source + "@" + Lake.hourOf(time);
  }

  static Map<String, Long> countsByHour(LocalQueryBackend backend) {
    Map<String, Long> counts = new TreeMap<>();
    var rows =
        backend
            .execute(
                new QueryRequest(
                    "SELECT source, date_trunc('hour', time) AS h, count(*) FROM events GROUP BY ALL",
                    TimeRange.all(),
                    100_000,
                    java.time.Duration.ofSeconds(60)))
            .rows();
    for (List<Object> row : rows) {
      Instant hour = ((OffsetDateTime) row.get(1)).toInstant();
      counts.put(key((String) row.get(0), hour), (Long) row.get(2));
    }
    return counts;
  }
}
