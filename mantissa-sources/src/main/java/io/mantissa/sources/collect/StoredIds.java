package io.mantissa.sources.collect;

import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells which of some event ids are already in the lake. {@link CollectorRunner} asks it once after
 * a restart that interrupted a page between its append and its checkpoint, to drop the events of
 * the replayed page that did land.
 */
@FunctionalInterface
public interface StoredIds {

  /** Never says an event is stored: after such a crash the interrupted page is stored again. */
  StoredIds NONE = (source, ids, from, to) -> Set.of();

  /**
   * The ids among {@code ids} stored for {@code source} with an event time in {@code [from, to]}.
   */
  Set<String> stored(String source, Set<String> ids, Instant from, Instant to);

  /**
   * Asks a query backend: {@code SELECT id FROM <source> WHERE id IN (…)} over the page's time
   * range. Source ids are lower-case letters, digits and underscores, so they are safe table names;
   * the ids are quoted as SQL strings.
   */
  static StoredIds byQuery(QueryBackend backend) {
    Objects.requireNonNull(backend, "backend");
    return (source, ids, from, to) -> {
      if (ids.isEmpty()) {
        return Set.of();
      }
      String list =
          ids.stream()
              .map(id -> "'" + id.replace("'", "''") + "'")
              .collect(Collectors.joining(", "));
      QueryResult result =
          backend.execute(
              new QueryRequest(
                  "SELECT id FROM " + source + " WHERE id IN (" + list + ")",
                  new TimeRange(from, to.plusMillis(1)),
                  ids.size() + 1,
                  Duration.ofSeconds(120)));
      Set<String> found = new HashSet<>();
      for (List<Object> row : result.rows()) {
        found.add(String.valueOf(row.get(0)));
      }
      return found;
    };
  }
}
