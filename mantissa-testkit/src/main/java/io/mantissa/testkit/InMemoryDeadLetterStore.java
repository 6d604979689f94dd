package io.mantissa.testkit;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.storage.DeadLetterStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link DeadLetterStore} in memory, for tests of parsers and ingest paths: it keeps every record
 * and lists them newest first (by {@link DeadLetter#receivedAt()}, then by the order they were
 * put). Thread-safe; nothing is persisted.
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
  private final List<DeadLetter> records = new ArrayList<>();

  /** An empty store. */
  public InMemoryDeadLetterStore() {}

  @Override
  public synchronized void put(List<DeadLetter> records) {
    Objects.requireNonNull(records, "records");
    records.forEach(r -> Objects.requireNonNull(r, "dead letter"));
    this.records.addAll(records);
  }

  @Override
  public synchronized List<DeadLetter> list(String source, int limit) {
    Objects.requireNonNull(source, "source");
    if (limit < 1) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "limit must be at least 1, was " + limit);
    }
    List<DeadLetter> matching = new ArrayList<>();
    for (int i = records.size() - 1; i >= 0; i--) {
      if (records.get(i).source().equals(source)) {
        matching.add(records.get(i));
      }
    }
    // A stable sort keeps later puts first among equal times.
    matching.sort(Comparator.comparing(DeadLetter::receivedAt).reversed());
    return List.copyOf(matching.subList(0, Math.min(limit, matching.size())));
  }

  /** Every record kept, in the order they were put. */
  public synchronized List<DeadLetter> all() {
    return List.copyOf(records);
  }
}
