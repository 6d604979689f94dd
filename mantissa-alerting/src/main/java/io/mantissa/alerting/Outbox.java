package io.mantissa.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Alert;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to sinks at least once, through documents in a {@link StateStore}: a crash
 * between "sent" and "recorded as sent" leads to a second delivery with the same idempotency key,
 * never to a lost alert.
 *
 * <p>The caller's scheduler calls {@link #deliverDue()}; each pass claims due deliveries with a
 * lease (compare-and-set, so several workers may share a store), redacts the alert with the sink's
 * {@link RedactionPolicy}, calls the sink, and then deletes the delivery (delivered), schedules a
 * retry with exponential backoff and jitter (retryable failure, honouring Retry-After), or moves it
 * to the dead-letter list (permanent failure or attempts exhausted). A delivery whose worker died
 * is retried when its lease ends. Each destination has a circuit breaker.
 *
 * <p>Thread-safe: several threads, and several processes sharing a store, may call {@link
 * #deliverDue()} at once; the compare-and-set claim gives each delivery to one of them.
 *
 * <p>State layout: {@code outbox/{sha256(sink, key)}} per pending delivery, {@code
 * deadletter/{same}} per dead letter, {@code sent/{same}} remembering delivered keys so that
 * enqueueing a delivered key again does nothing. Pending deliveries and dead letters never expire;
 * sent markers only with an opt-in {@link Builder#retention retention}.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final String SENT = "sent/";

  private final StateStore store;
  private final Clock clock;
  private final Random random;
  private final RetryPolicy retry;
  private final CircuitBreakerPolicy breakerPolicy;
  private final Duration lease;

  /** Opt-in expiry of {@code sent/} markers; {@code null}: kept. */
  private final Duration retention;

  private final int scanLimit;
  private final Map<String, Registration> sinks;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private record Registration(AlertSink sink, Redactor redactor) {}

  private Outbox(Builder b) {
    this.store = Objects.requireNonNull(b.store, "stateStore");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.random = Objects.requireNonNull(b.random, "random");
    this.retry = b.retry;
    this.breakerPolicy = b.breaker;
    this.lease = b.lease;
    this.retention = b.retention;
    this.scanLimit = b.scanLimit;
    this.sinks = Map.copyOf(b.sinks);
  }

  /** A builder; the state store, clock and random are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether a sink of that name is registered. */
  public boolean hasSink(String name) {
    return sinks.containsKey(name);
  }

  /**
   * Schedules one delivery of {@code alert} to {@code sinkName}, due now. The idempotency key
   * identifies the delivery: enqueueing a key that is pending or was delivered does nothing.
   *
   * @return whether a new delivery was scheduled
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} for an unknown sink
   */
  public boolean enqueue(Alert alert, String sinkName, String idempotencyKey) {
    return enqueue(alert, sinkName, idempotencyKey, 0);
  }

  /**
   * Schedules a delivery with a sequence number: deliveries of one alert to one sink go out in
   * (enqueue time, sequence) order, so a resolve never overtakes the trigger it resolves.
   */
  boolean enqueue(Alert alert, String sinkName, String idempotencyKey, long sequence) {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (!sinks.containsKey(sinkName)) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "unknown sink '" + sinkName + "'");
    }
    String id = deliveryId(sinkName, idempotencyKey);
    if (store.get(SENT + id).isPresent()) {
      return false;
    }
    Instant now = clock.instant();
    ObjectNode doc = Json.object();
    doc.put("sink", sinkName);
    doc.put("idempotency_key", idempotencyKey);
    doc.put("attempts", 0);
    doc.put("next_attempt_at", now.toString());
    doc.put("lease_until", Instant.EPOCH.toString());
    doc.put("enqueued_at", now.toString());
    doc.put("sequence", sequence);
    doc.put("last_error", "");
    doc.set("alert", Json.alert(alert));
    // A pending delivery never expires: it leaves the outbox only delivered or dead-lettered.
    boolean added = store.putIfAbsent(Keys.OUTBOX + id, Json.write(doc)).isPresent();
    if (added) {
      LOG.debug("alert {} scheduled for sink {}", alert.id(), sinkName);
    }
    return added;
  }

  /**
   * Withdraws a pending delivery that has not been claimed yet (the pipeline's undo when the write
   * it was scheduled for loses a race).
   *
   * @return whether a pending delivery was removed
   */
  boolean cancel(String sinkName, String idempotencyKey) {
    String key = Keys.OUTBOX + deliveryId(sinkName, idempotencyKey);
    Optional<StateEntry> e = store.get(key);
    if (e.isEmpty()
        || Instant.parse(Json.read(e.get().value()).path("lease_until").asText())
            .isAfter(clock.instant())) {
      return false;
    }
    // A worker claiming it between the read and the delete delivers it once more: an extra
    // delivery of an alert that lost its race, never a lost one.
    return store.delete(key);
  }

  /** Whether a delivery with this key was ever scheduled: pending, delivered or dead-lettered. */
  boolean wasScheduled(String sinkName, String idempotencyKey) {
    String id = deliveryId(sinkName, idempotencyKey);
    return store.get(Keys.OUTBOX + id).isPresent()
        || store.get(SENT + id).isPresent()
        || store.get(Keys.DEAD_LETTER + id).isPresent();
  }

  /** How many deliveries are pending (including those being retried). */
  public int pending() {
    return store.scan(Keys.OUTBOX, scanLimit).size();
  }

  /** Attempts every delivery that is due now; never throws for a failing sink. */
  public DeliveryReport deliverDue() {
    int delivered = 0;
    int retried = 0;
    int dead = 0;
    int skipped = 0;
    Instant now = clock.instant();
    List<Pending> due = new ArrayList<>();
    // The first pending delivery of each (sink, alert): only it may go out, so that deliveries of
    // one alert to one sink keep their order even when an earlier one is waiting for a retry.
    Map<String, Pending> firstOfAlert = new HashMap<>();
    for (StateEntry e : store.scan(Keys.OUTBOX, scanLimit)) {
      Pending p = new Pending(e, Json.read(e.value()));
      firstOfAlert.merge(
          p.group(), p, (first, next) -> ORDER.compare(next.doc(), first.doc()) < 0 ? next : first);
      if (!p.nextAttemptAt().isAfter(now)
          && !Instant.parse(p.doc().path("lease_until").asText()).isAfter(now)) {
        due.add(p);
      }
    }
    due.removeIf(p -> firstOfAlert.get(p.group()) != p);
    due.sort(Comparator.comparing(Pending::nextAttemptAt));
    for (Pending pending : due) {
      StateEntry entry = pending.entry();
      JsonNode doc = pending.doc();
      String sinkName = doc.path("sink").asText();
      Registration reg = sinks.get(sinkName);
      now = clock.instant();
      if (reg == null) {
        deadLetter(entry, doc, doc.path("attempts").asInt(), "no sink named '" + sinkName + "'");
        dead++;
        continue;
      }
      CircuitBreaker breaker =
          breakers.computeIfAbsent(sinkName, n -> new CircuitBreaker(breakerPolicy));
      if (!breaker.allow(now)) {
        skipped++;
        continue;
      }
      int attempts = doc.path("attempts").asInt() + 1;
      ObjectNode claimed = ((ObjectNode) doc.deepCopy()).put("attempts", attempts);
      claimed.put("lease_until", now.plus(lease).toString());
      Optional<StateEntry> claim =
          store.compareAndSet(entry.key(), entry.version(), Json.write(claimed));
      if (claim.isEmpty()) {
        breaker.release(); // give back a half-open trial we did not use
        continue; // another worker has it
      }
      String key = doc.path("idempotency_key").asText();
      Alert alert = reg.redactor().redact(Json.alert(doc.path("alert")));
      DeliveryResult result = call(reg.sink(), alert, key);
      Instant after = clock.instant();
      if (result instanceof DeliveryResult.Delivered) {
        breaker.success();
        String sent = SENT + entry.key().substring(Keys.OUTBOX.length());
        if (retention == null) {
          store.put(sent, key);
        } else {
          store.put(sent, key, retention);
        }
        store.delete(entry.key());
        delivered++;
        LOG.debug("alert {} delivered to {}", alert.id(), sinkName);
      } else if (result instanceof DeliveryResult.RetryableFailure f) {
        breaker.failure(after);
        f.retryAfter().ifPresent(ra -> breaker.pauseUntil(after.plus(ra)));
        if (attempts >= retry.maxAttempts()) {
          deadLetter(claim.get(), claimed, attempts, f.reason());
          dead++;
        } else {
          Duration delay = retry.delay(attempts, random, f.retryAfter());
          ObjectNode next = claimed.deepCopy();
          next.put("next_attempt_at", after.plus(delay).toString());
          next.put("lease_until", Instant.EPOCH.toString());
          next.put("last_error", f.reason());
          store.compareAndSet(entry.key(), claim.get().version(), Json.write(next));
          retried++;
          LOG.info(
              "delivery of alert {} to {} failed (attempt {}), retry in {}: {}",
              alert.id(),
              sinkName,
              attempts,
              delay,
              f.reason());
        }
      } else if (result instanceof DeliveryResult.PermanentFailure f) {
        breaker.success(); // the destination answered; its health is not the problem
        deadLetter(claim.get(), claimed, attempts, f.reason());
        dead++;
      }
    }
    return new DeliveryReport(delivered, retried, dead, skipped);
  }

  /** A pending delivery as read by one pass. */
  private record Pending(StateEntry entry, JsonNode doc) {
    String group() {
      return doc.path("sink").asText() + "\n" + doc.path("alert").path("id").asText();
    }

    Instant nextAttemptAt() {
      return Instant.parse(doc.path("next_attempt_at").asText());
    }
  }

  private static final Comparator<JsonNode> ORDER =
      Comparator.comparing((JsonNode d) -> Instant.parse(d.path("enqueued_at").asText()))
          .thenComparingLong(d -> d.path("sequence").asLong());

  private static DeliveryResult call(AlertSink sink, Alert alert, String key) {
    try {
      DeliveryResult r = sink.deliver(alert, key);
      return r == null
          ? new DeliveryResult.RetryableFailure("sink returned null", Optional.empty())
          : r;
    } catch (RuntimeException e) {
      LOG.warn("sink {} threw instead of returning a result", sink.name(), e);
      return new DeliveryResult.RetryableFailure(
          "sink threw " + e.getClass().getSimpleName(), Optional.empty());
    }
  }

  private void deadLetter(StateEntry entry, JsonNode doc, int attempts, String reason) {
    String id = entry.key().substring(Keys.OUTBOX.length());
    ObjectNode dl = ((ObjectNode) doc.deepCopy()).put("attempts", attempts);
    dl.put("reason", reason);
    dl.put("dead_at", clock.instant().toString());
    // Kept until replayed or discarded: a dead letter that expired would be a lost alert.
    store.put(Keys.DEAD_LETTER + id, Json.write(dl));
    store.delete(entry.key());
    LOG.warn(
        "delivery of alert {} to {} dead-lettered after {} attempt(s): {}",
        doc.path("alert").path("id").asText(),
        doc.path("sink").asText(),
        attempts,
        reason);
  }

  /** Dead letters, at most {@code limit}, oldest first. */
  public List<DeadLetter> deadLetters(int limit) {
    List<DeadLetter> out = new ArrayList<>();
    for (StateEntry e : store.scan(Keys.DEAD_LETTER, limit)) {
      JsonNode n = Json.read(e.value());
      out.add(
          new DeadLetter(
              e.key().substring(Keys.DEAD_LETTER.length()),
              n.path("sink").asText(),
              n.path("idempotency_key").asText(),
              n.path("alert").path("id").asText(),
              n.path("attempts").asInt(),
              n.path("reason").asText(),
              Instant.parse(n.path("dead_at").asText())));
    }
    out.sort(Comparator.comparing(DeadLetter::deadAt));
    return out;
  }

  /**
   * Moves a dead letter back into the outbox, due now with a fresh attempt count.
   *
   * @return whether the dead letter existed
   */
  public boolean replay(String deadLetterId) {
    Optional<StateEntry> e = store.get(Keys.DEAD_LETTER + deadLetterId);
    if (e.isEmpty()) {
      return false;
    }
    ObjectNode doc = (ObjectNode) Json.read(e.get().value());
    doc.remove("reason");
    doc.remove("dead_at");
    doc.put("attempts", 0);
    doc.put("next_attempt_at", clock.instant().toString());
    doc.put("lease_until", Instant.EPOCH.toString());
    store.put(Keys.OUTBOX + deadLetterId, Json.write(doc));
    store.delete(Keys.DEAD_LETTER + deadLetterId);
    LOG.info("dead letter {} replayed to sink {}", deadLetterId, doc.path("sink").asText());
    return true;
  }

  /**
   * Deletes a dead letter for good (an operator decided it will not be delivered); dead letters
   * never expire on their own.
   *
   * @return whether the dead letter existed
   */
  public boolean discard(String deadLetterId) {
    boolean removed = store.delete(Keys.DEAD_LETTER + deadLetterId);
    if (removed) {
      LOG.info("dead letter {} discarded", deadLetterId);
    }
    return removed;
  }

  /** Replays every dead letter; returns how many. */
  public int replayAll() {
    int n = 0;
    for (DeadLetter d : deadLetters(scanLimit)) {
      if (replay(d.id())) {
        n++;
      }
    }
    return n;
  }

  /** Whether the circuit of a destination is currently open (not letting deliveries through). */
  public boolean isCircuitOpen(String sinkName) {
    CircuitBreaker b = breakers.get(sinkName);
    return b != null && b.state(clock.instant()) == CircuitBreaker.State.OPEN;
  }

  private static String deliveryId(String sink, String idempotencyKey) {
    return Keys.sha256(sink + "\n" + idempotencyKey);
  }

  @Override
  public String toString() {
    return "Outbox" + sinks.keySet();
  }

  /** Builds {@link Outbox}es. */
  public static final class Builder {
    private StateStore store;
    private Clock clock;
    private Random random;
    private RetryPolicy retry = RetryPolicy.defaults();
    private CircuitBreakerPolicy breaker = CircuitBreakerPolicy.defaults();
    private Duration lease = Duration.ofMinutes(2);
    private Duration retention;
    private int scanLimit = 10_000;
    private final Map<String, Registration> sinks = new LinkedHashMap<>();

    private Builder() {}

    /** The store holding pending deliveries and dead letters (required). */
    public Builder stateStore(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock (required). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of jitter (required; a seeded {@code Random} in tests). */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Backoff and attempts (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * The circuit breaker of each destination (default {@link CircuitBreakerPolicy#defaults()}).
     */
    public Builder circuitBreaker(CircuitBreakerPolicy policy) {
      this.breaker = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How long a claimed delivery is reserved for its worker (default 2 min); after a crash it is
     * retried when the lease ends. Must exceed the sinks' request timeouts.
     */
    public Builder lease(Duration lease) {
      this.lease = Checks.positive(lease, "lease");
      return this;
    }

    /**
     * Opt-in retention of the {@code sent/} markers of delivered keys: they expire this long after
     * delivery. Default: none, they are kept, because they also tell which sinks an alert went to,
     * so that its status changes (a resolve months later) follow it there; with a retention, a
     * status change after it goes to no sink and re-enqueueing a delivered key sends it again.
     * Pending deliveries and dead letters never expire whatever this says: they leave the store
     * only delivered, dead-lettered, replayed or {@linkplain Outbox#discard discarded}.
     */
    public Builder retention(Duration retention) {
      this.retention = Checks.positive(retention, "retention");
      return this;
    }

    /** The most deliveries one pass looks at (default 10 000). */
    public Builder scanLimit(int limit) {
      this.scanLimit = Checks.atLeastOne(limit, "scanLimit");
      return this;
    }

    /** Registers a sink under its name with the standard redaction policy. */
    public Builder sink(AlertSink sink) {
      return sink(sink, RedactionPolicy.standard());
    }

    /** Registers a sink under its name, redacting alerts with {@code redaction} before delivery. */
    public Builder sink(AlertSink sink, RedactionPolicy redaction) {
      Objects.requireNonNull(sink, "sink");
      if (sinks.putIfAbsent(sink.name(), new Registration(sink, Redactor.of(redaction))) != null) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, "two sinks named '" + sink.name() + "'");
      }
      return this;
    }

    /** Builds the outbox. */
    public Outbox build() {
      return new Outbox(this);
    }
  }
}
