package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import io.mantissa.spi.storage.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link LogCollector}: polls page after page, appends each page's events to the {@link
 * EventStore} and its rejected records to the dead-letter store, and only then stores the page's
 * checkpoint in the {@link StateStore} under {@code collector/<source>/checkpoint}, every write by
 * compare-and-set: a second runner on the same source loses and stops with {@code CONFLICT}.
 *
 * <p>The stored value is {@code {"cursor":…,"lastIds":[…]}} — the collector's cursor and the ids of
 * the last stored page — plus, while a page is being appended, {@code "pending":{"ids":[…],
 * "from":…,"to":…}} written just before the append. Events whose ids are in {@code lastIds} are
 * dropped, so a vendor handing back the boundary page again (an inclusive {@code since}) adds
 * nothing twice. A checkpoint found with {@code pending} means a run stopped between the append and
 * the checkpoint; the runner asks {@link StoredIds} which of those ids landed and drops them from
 * the replayed page, so a crash adds nothing twice either (with {@link StoredIds#NONE} that one
 * page is stored again).
 *
 * <p>A poll failing with a {@link RetryableFailure} cause is retried by the {@link RetryPolicy}:
 * the server's Retry-After when given, else exponential backoff with jitter. Waits go through the
 * injected {@link Sleeper}, so tests never sleep.
 */
public final class CollectorRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorRunner.class);
  static final int MAX_REMEMBERED_IDS = 10_000;

  private final LogCollector collector;
  private final EventStore events;
  private final StateStore state;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final StoredIds storedIds;
  private final Consumer<List<Event>> onStored;

  private CollectorRunner(Builder b) {
    this.collector = b.collector;
    this.events = b.events;
    this.state = b.state;
    this.retry = b.retry;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.storedIds = b.storedIds;
    this.onStored = b.onStored;
  }

  /**
   * A builder.
   *
   * @param collector what to drive
   * @param events where events and dead letters go
   * @param state where the checkpoint is kept
   */
  public static Builder builder(LogCollector collector, EventStore events, StateStore state) {
    return new Builder(collector, events, state);
  }

  /** The state key of a source's checkpoint. */
  public static String checkpointKey(String source) {
    return "collector/" + source + "/checkpoint";
  }

  /**
   * What one stored page did.
   *
   * @param page the page number in this run, from 1
   * @param events events appended
   * @param rejected records sent to dead letters
   * @param duplicates events dropped as already stored
   * @param hasMore whether the collector said another page is ready
   */
  public record PageReport(int page, int events, int rejected, int duplicates, boolean hasMore) {}

  /**
   * What a run did.
   *
   * @param pages pages stored
   * @param events events appended
   * @param rejected records sent to dead letters
   * @param duplicates events dropped as already stored
   * @param retries polls retried
   * @param caughtUp whether the run ended because the collector had nothing more
   */
  public record RunReport(
      int pages, long events, long rejected, long duplicates, int retries, boolean caughtUp) {}

  /**
   * Collects until the collector has caught up or {@code maxPages} pages are stored.
   *
   * @param maxPages the most pages to store, at least 1
   * @param progress told after each stored page
   * @throws MantissaException when a poll fails for good or its retries run out, or {@code
   *     CONFLICT} when another run moved the checkpoint
   */
  public RunReport run(int maxPages, Consumer<PageReport> progress) {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be at least 1, was " + maxPages);
    }
    String source = collector.source();
    String key = checkpointKey(source);
    int pages = 0;
    long stored = 0;
    long rejected = 0;
    long duplicates = 0;
    int[] retries = {0};
    boolean more = true;
    while (more && pages < maxPages) {
      Optional<StateEntry> entry = state.get(key);
      Checkpoint before = entry.map(e -> Checkpoint.read(key, e.value())).orElse(Checkpoint.START);
      Set<String> seen = new HashSet<>(before.lastIds());
      if (before.pending() != null) {
        Pending p = before.pending();
        Set<String> landed = storedIds.stored(source, p.ids(), p.from(), p.to());
        LOG.info(
            "collector {}: the last run stopped while storing a page; {} of its {} events had"
                + " landed",
            source,
            landed.size(),
            p.ids().size());
        seen.addAll(landed);
      }
      CollectedPage page = pollWithRetry(Optional.ofNullable(before.cursor()), retries);
      List<Event> fresh = new ArrayList<>(page.events().size());
      Set<String> ids = new LinkedHashSet<>();
      int dropped = 0;
      for (Event e : page.events()) {
        if (seen.contains(e.id()) || !ids.add(e.id())) {
          dropped++;
        } else {
          fresh.add(e);
        }
      }
      if (!fresh.isEmpty()) {
        Instant from = fresh.stream().map(Event::time).min(Instant::compareTo).orElseThrow();
        Instant to = fresh.stream().map(Event::time).max(Instant::compareTo).orElseThrow();
        Checkpoint intent =
            new Checkpoint(before.cursor(), before.lastIds(), new Pending(ids, from, to));
        entry = Optional.of(write(key, entry, intent));
        events.append(source, fresh);
      }
      if (!page.rejected().isEmpty()) {
        events.deadLetters().put(page.rejected());
      }
      Set<String> remember = ids.isEmpty() ? before.lastIds() : ids;
      write(key, entry, new Checkpoint(page.checkpoint(), remember, null));
      if (!fresh.isEmpty()) {
        try {
          onStored.accept(List.copyOf(fresh));
        } catch (RuntimeException e) {
          LOG.warn("the listener of stored {} events failed; the events are stored", source, e);
        }
      }
      pages++;
      stored += fresh.size();
      rejected += page.rejected().size();
      duplicates += dropped;
      more = page.hasMore();
      LOG.debug(
          "collector {}: page {} stored ({} events, {} rejected, {} duplicates)",
          source,
          pages,
          fresh.size(),
          page.rejected().size(),
          dropped);
      progress.accept(new PageReport(pages, fresh.size(), page.rejected().size(), dropped, more));
    }
    return new RunReport(pages, stored, rejected, duplicates, retries[0], !more);
  }

  private StateEntry write(String key, Optional<StateEntry> current, Checkpoint value) {
    Optional<StateEntry> written =
        current.isEmpty()
            ? state.putIfAbsent(key, value.write())
            : state.compareAndSet(key, current.get().version(), value.write());
    return written.orElseThrow(
        () ->
            new MantissaException(
                ErrorCode.CONFLICT,
                "collector "
                    + collector.source()
                    + ": the checkpoint was moved by another run; stopping"));
  }

  private CollectedPage pollWithRetry(Optional<String> cursor, int[] retries) {
    for (int attempt = 1; ; attempt++) {
      try {
        return collector.poll(cursor);
      } catch (MantissaException e) {
        if (!(e.getCause() instanceof RetryableFailure failure) || attempt >= retry.maxAttempts()) {
          throw e;
        }
        int tries = attempt;
        Duration wait =
            failure
                .retryAfter()
                .map(d -> d.compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : d)
                .orElseGet(() -> retry.backoff(tries, random.nextDouble()));
        LOG.warn(
            "collector {}: {}; try {} of {} in {} ms",
            collector.source(),
            e.getMessage(),
            attempt + 1,
            retry.maxAttempts(),
            wait.toMillis());
        retries[0]++;
        sleeper.sleep(wait);
      }
    }
  }

  /** Ids of a page being appended, and the range of their event times. */
  record Pending(Set<String> ids, Instant from, Instant to) {
    Pending {
      ids = Set.copyOf(ids);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * The stored checkpoint: the collector's cursor (null before the first page), the ids of the last
   * stored page, and the page being appended, if any.
   */
  record Checkpoint(String cursor, Set<String> lastIds, Pending pending) {
    static final Checkpoint START = new Checkpoint(null, Set.of(), null);

    Checkpoint {
      lastIds = Set.copyOf(lastIds);
    }

    String write() {
      ObjectNode node = PageRecords.JSON.createObjectNode();
      node.put("cursor", cursor);
      ids(node.putArray("lastIds"), lastIds);
      if (pending != null) {
        ObjectNode p = node.putObject("pending");
        ids(p.putArray("ids"), pending.ids());
        p.put("from", pending.from().toString());
        p.put("to", pending.to().toString());
      }
      return node.toString();
    }

    private static void ids(ArrayNode array, Set<String> ids) {
      ids.stream().sorted().limit(MAX_REMEMBERED_IDS).forEach(array::add);
    }

    static Checkpoint read(String key, String value) {
      try {
        JsonNode node = PageRecords.JSON.readTree(value);
        if (node != null && node.isObject()) {
          JsonNode cursor = node.path("cursor");
          Pending pending = null;
          JsonNode p = node.path("pending");
          if (p.isObject()) {
            pending =
                new Pending(
                    ids(p.path("ids")),
                    Instant.parse(p.path("from").asText()),
                    Instant.parse(p.path("to").asText()));
          }
          return new Checkpoint(
              cursor.isTextual() ? cursor.asText() : null, ids(node.path("lastIds")), pending);
        }
      } catch (JsonProcessingException | DateTimeParseException e) {
        // falls through
      }
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE,
          "state entry " + key + " is not a collector checkpoint; delete it to start over");
    }

    private static Set<String> ids(JsonNode array) {
      Set<String> ids = new LinkedHashSet<>();
      array.forEach(id -> ids.add(id.asText()));
      return ids;
    }
  }

  /** Builds {@link CollectorRunner}s. */
  public static final class Builder {
    private final LogCollector collector;
    private final EventStore events;
    private final StateStore state;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RandomGenerator random = new Random();
    private StoredIds storedIds = StoredIds.NONE;
    private Consumer<List<Event>> onStored = events -> {};

    private Builder(LogCollector collector, EventStore events, StateStore state) {
      this.collector = Objects.requireNonNull(collector, "collector");
      this.events = Objects.requireNonNull(events, "events");
      this.state = Objects.requireNonNull(state, "state");
    }

    /** How failed polls are retried (default {@link RetryPolicy#DEFAULT}). */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** How to wait (default {@link Sleeper#SYSTEM}). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The jitter source (default a new {@link Random}). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * What tells, after an interrupted page, which of its events landed (default {@link
     * StoredIds#NONE}).
     */
    public Builder storedIds(StoredIds storedIds) {
      this.storedIds = Objects.requireNonNull(storedIds, "storedIds");
      return this;
    }

    /**
     * Hands each page's new events to {@code listener} once they are stored and checkpointed (such
     * as stream detection); a failing listener is logged and never fails the run.
     */
    public Builder onStored(Consumer<List<Event>> listener) {
      this.onStored = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Builds the runner. */
    public CollectorRunner build() {
      return new CollectorRunner(this);
    }
  }
}
