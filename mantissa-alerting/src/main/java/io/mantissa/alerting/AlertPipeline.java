package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns detections into alerts: entity-aware dedup, grouping of repeats, suppressions, and the
 * alert's status, all kept in a {@link StateStore} so that several pipelines may share one store.
 *
 * <p>State layout (JSON documents):
 *
 * <ul>
 *   <li>{@code alert/{id}}: the {@link AlertRecord}, without expiry unless {@link
 *       Builder#retention} is set
 *   <li>{@code dedup/{sha256(dedup key)}}: {@code {"alert_id": ...}}, the active alert of a dedup
 *       key, expiring one grouping window after the last grouped detection
 *   <li>{@code suppression/{sha256(rule id)}/{id}}: a {@link Suppression}, expiring at its end
 *   <li>{@code audit/{alert id}/{time}-{n}}: {@link AuditRecord}s, without expiry
 *   <li>{@code escalated/{alert id}/{sha256(sink)}}: an escalation that happened, expiring as the
 *       alert does
 *   <li>{@code escalation-pending/{alert id}}: an open alert that may still escalate (only with
 *       escalations), so that {@link #escalateDue()} reads open alerts rather than every alert;
 *       without expiry, removed by {@link #escalateDue()} once the alert is escalated everywhere,
 *       no longer open, or gone
 * </ul>
 *
 * <p>Every write that decides "new alert or repeat" is conditional ({@code putIfAbsent} or
 * compare-and-set on the dedup entry and the alert document), so two pipelines processing the same
 * key concurrently never create two alerts: the loser retries and groups into the winner's alert.
 *
 * <p>Thread-safe; it keeps no state of its own beyond its configuration.
 *
 * <p>A detection repeats an alert when it has the same dedup key (rule plus the rule's dedup
 * entities), the alert is open or acknowledged, and the previous detection of that alert is less
 * than the grouping window ago (pipeline clock). A resolved or false-positive alert is never
 * reopened: the next detection creates a new alert.
 */
public final class AlertPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
  private static final int MAX_ATTEMPTS = 32;
  private static final int MAX_SUPPRESSIONS_PER_RULE = 1000;

  private final StateStore store;
  private final Clock clock;
  private final Supplier<String> ids;
  private final Duration defaultGroupWindow;
  private final Map<String, Duration> groupWindows;
  private final Map<String, Set<EntityType>> dedupOverrides;

  /** Opt-in expiry of alert documents and escalation markers; {@code null}: kept. */
  private final Duration retention;

  private final int maxEventIds;
  private final List<AlertListener> listeners;
  private final Outbox outbox;
  private final List<Route> routes;
  private final AlertEnricher enricher;
  private final List<Escalation> escalations;
  private final java.util.concurrent.atomic.AtomicLong auditSequence =
      new java.util.concurrent.atomic.AtomicLong();

  private AlertPipeline(Builder b) {
    this.store = Objects.requireNonNull(b.store, "stateStore");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.ids = b.ids;
    this.defaultGroupWindow = b.defaultGroupWindow;
    this.groupWindows = Map.copyOf(b.groupWindows);
    this.dedupOverrides = Map.copyOf(b.dedupOverrides);
    this.retention = b.retention;
    this.maxEventIds = b.maxEventIds;
    this.listeners = List.copyOf(b.listeners);
    this.outbox = b.outbox;
    this.routes = List.copyOf(b.routes);
    this.enricher = b.enricher;
    this.escalations = List.copyOf(b.escalations);
    if (!escalations.isEmpty() && outbox == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "escalations need an outbox");
    }
    for (Escalation e : escalations) {
      if (!outbox.hasSink(e.sinkName())) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, "escalation to unknown sink '" + e.sinkName() + "'");
      }
    }
    if (!routes.isEmpty() && outbox == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "sink routes need an outbox");
    }
    if (outbox != null) {
      for (Route r : routes) {
        if (!outbox.hasSink(r.sink())) {
          throw new MantissaException(
              ErrorCode.CONFIG_INVALID, "route to unknown sink '" + r.sink() + "'");
        }
      }
    }
  }

  /** A builder; the state store and clock are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Processes one detection.
   *
   * @return whether it created an alert, grouped into an existing one, or was suppressed
   * @throws MantissaException with {@link ErrorCode#CONFLICT} when the store kept rejecting
   *     conditional writes (extreme contention), or {@link ErrorCode#STORAGE_FAILURE}
   */
  public PipelineOutcome process(Detection detection) {
    Objects.requireNonNull(detection, "detection");
    Instant now = clock.instant();
    Optional<Suppression> suppression = activeSuppression(detection, now);
    if (suppression.isPresent()) {
      LOG.debug(
          "detection of rule {} suppressed by {}", detection.ruleId(), suppression.get().id());
      return new PipelineOutcome.Suppressed(suppression.get());
    }
    Set<EntityType> dedupBy = dedupOverrides.getOrDefault(detection.ruleId(), detection.dedupBy());
    String dedupKey = Keys.dedupKey(detection, dedupBy);
    String pointerKey = Keys.DEDUP + Keys.sha256(dedupKey);
    Duration window = groupWindow(detection.ruleId());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<StateEntry> pointer = store.get(pointerKey);
      if (pointer.isEmpty()) {
        Optional<AlertRecord> created =
            create(
                detection,
                dedupKey,
                dedupBy,
                now,
                r -> store.putIfAbsent(pointerKey, pointer(r), window));
        if (created.isPresent()) {
          return announceCreated(created.get());
        }
        continue;
      }
      StateEntry p = pointer.get();
      String alertId = Json.read(p.value()).path("alert_id").asText();
      Optional<StateEntry> alertEntry = store.get(Keys.ALERT + alertId);
      if (alertEntry.isPresent()) {
        AlertRecord current = Json.record(alertEntry.get().value());
        if (current.isActive() && now.isBefore(current.lastDetectionAt().plus(window))) {
          AlertRecord grouped = group(current, detection, now);
          if (compareAndSetKept(
                  Keys.ALERT + alertId, alertEntry.get().version(), Json.record(grouped))
              .isPresent()) {
            // Keep the dedup entry alive for one window after this detection; losing this race
            // only means another pipeline refreshed or replaced it.
            store.compareAndSet(pointerKey, p.version(), p.value(), window);
            return new PipelineOutcome.Grouped(grouped);
          }
          continue;
        }
      }
      Optional<AlertRecord> created =
          create(
              detection,
              dedupKey,
              dedupBy,
              now,
              r -> store.compareAndSet(pointerKey, p.version(), pointer(r), window));
      if (created.isPresent()) {
        return announceCreated(created.get());
      }
    }
    throw new MantissaException(
        ErrorCode.CONFLICT,
        "gave up after " + MAX_ATTEMPTS + " conflicting writes for rule " + detection.ruleId());
  }

  private interface Claim {
    Optional<StateEntry> claim(AlertRecord record);
  }

  /** Writes a new alert document, then claims the dedup entry; undoes the document on loss. */
  private Optional<AlertRecord> create(
      Detection d, String dedupKey, Set<EntityType> dedupBy, Instant now, Claim claimPointer) {
    Alert.Builder b =
        Alert.builder()
            .id(ids.get())
            .ruleId(d.ruleId())
            .title(d.title())
            .severity(d.severity())
            .time(d.time())
            .dedupKey(dedupKey)
            .status(AlertStatus.OPEN);
    d.entities().forEach(b::entity);
    d.eventIds().stream().distinct().limit(maxEventIds).forEach(b::eventId);
    d.tags().forEach(b::attackTag);
    d.context().forEach(b::enrichment);
    if (!d.source().isEmpty()) {
      b.enrichment("source", d.source());
    }
    Alert alert = b.build();
    if (enricher != null) {
      alert = enricher.enrich(alert);
    }
    AlertRecord record = new AlertRecord(alert, 1, d.time(), now, now, now, dedupBy);
    String alertKey = Keys.ALERT + record.id();
    if (putIfAbsentKept(alertKey, Json.record(record)).isEmpty()) {
      throw new MantissaException(
          ErrorCode.INTERNAL, "alert id " + record.id() + " already exists; ids must be unique");
    }
    List<String[]> scheduled = enqueue(record, null, 0);
    markEscalationPending(record.id());
    if (claimPointer.claim(record).isPresent()) {
      return Optional.of(record);
    }
    cancel(scheduled);
    store.delete(Keys.ESCALATION_PENDING + record.id());
    store.delete(alertKey);
    return Optional.empty();
  }

  private AlertRecord group(AlertRecord current, Detection d, Instant now) {
    Alert a = current.alert();
    Set<String> eventIds = new LinkedHashSet<>(a.eventIds());
    for (String id : d.eventIds()) {
      if (eventIds.size() >= maxEventIds) {
        break;
      }
      eventIds.add(id);
    }
    Severity severity = d.severity().compareTo(a.severity()) > 0 ? d.severity() : a.severity();
    Alert.Builder b =
        Alert.builder()
            .id(a.id())
            .ruleId(a.ruleId())
            .title(a.title())
            .severity(severity)
            .time(a.time().isAfter(d.time()) ? d.time() : a.time())
            .dedupKey(a.dedupKey())
            .status(a.status());
    a.entities().forEach(b::entity);
    eventIds.forEach(b::eventId);
    a.attackTags().forEach(b::attackTag);
    a.enrichment().forEach(b::enrichment);
    Instant lastSeen = current.lastSeen().isAfter(d.time()) ? current.lastSeen() : d.time();
    return new AlertRecord(
        b.build(), current.count() + 1, lastSeen, current.createdAt(), now, now, current.dedupBy());
  }

  private PipelineOutcome announceCreated(AlertRecord record) {
    LOG.info(
        "alert {} created for rule {} ({})",
        record.id(),
        record.alert().ruleId(),
        record.alert().severity().lowerCaseName());
    for (AlertListener l : listeners) {
      try {
        l.alertCreated(record);
      } catch (RuntimeException e) {
        LOG.warn("alert listener failed for alert {}", record.id(), e);
      }
    }
    return new PipelineOutcome.Created(record);
  }

  /**
   * Schedules the deliveries of an alert version. Called before the write that makes the version
   * visible, so a crash in between can only cause an extra delivery, never a missing one; {@link
   * #cancel} undoes it when the write loses.
   */
  private List<String[]> enqueue(AlertRecord record, String revision, long sequence) {
    List<String[]> scheduled = new ArrayList<>();
    if (outbox == null) {
      return scheduled;
    }
    Set<String> sinks = new LinkedHashSet<>();
    Instant now = clock.instant();
    for (Route r : routes) {
      if (revision == null
          ? r.matches(record.alert(), now)
          : outbox.wasScheduled(r.sink(), record.id() + "/" + r.sink())) {
        sinks.add(r.sink());
      }
    }
    if (revision != null) {
      for (Escalation e : escalations) {
        if (outbox.wasScheduled(e.sinkName(), record.id() + "/" + e.sinkName() + "/escalation")) {
          sinks.add(e.sinkName());
        }
      }
    }
    for (String sink : sinks) {
      String key =
          revision == null ? record.id() + "/" + sink : record.id() + "/" + sink + "/" + revision;
      if (outbox.enqueue(record.alert(), sink, key, sequence)) {
        scheduled.add(new String[] {sink, key});
      }
    }
    return scheduled;
  }

  private void cancel(List<String[]> scheduled) {
    for (String[] s : scheduled) {
      outbox.cancel(s[0], s[1]);
    }
  }

  /**
   * Escalates every alert that is still open past its escalation delay: one delivery per alert and
   * escalation sink, ever (a marker in the store remembers it), with an audit record. Call it from
   * the same scheduler that drives {@link Outbox#deliverDue()}.
   *
   * @return how many escalations were scheduled
   */
  public int escalateDue() {
    if (escalations.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    int scheduled = 0;
    for (StateEntry pending : store.scan(Keys.ESCALATION_PENDING, 100_000)) {
      String alertId = pending.key().substring(Keys.ESCALATION_PENDING.length());
      Optional<AlertRecord> current = get(alertId);
      if (current.isEmpty() || current.get().status() != AlertStatus.OPEN) {
        // Not open (or gone): nothing to escalate until updateStatus reopens it and marks it
        // again. Checked again after the delete, so that a reopening in between is not lost.
        store.delete(pending.key());
        if (get(alertId).filter(r -> r.status() == AlertStatus.OPEN).isPresent()) {
          markEscalationPending(alertId);
        }
        continue;
      }
      AlertRecord r = current.get();
      int done = 0;
      for (Escalation esc : escalations) {
        String marker = Keys.ESCALATED + r.id() + "/" + Keys.sha256(esc.sinkName());
        if (store.get(marker).isPresent()) {
          done++;
          continue;
        }
        if (r.alert().severity().compareTo(esc.minSeverity()) < 0
            || now.isBefore(r.createdAt().plus(esc.after()))) {
          continue;
        }
        String key = r.id() + "/" + esc.sinkName() + "/escalation";
        var alert =
            r.alert().toBuilder()
                .enrichment("escalation", "unacknowledged after " + esc.after())
                .build();
        outbox.enqueue(alert, esc.sinkName(), key);
        done++;
        if (putIfAbsentKept(marker, key).isPresent()) {
          audit(
              new AuditRecord(
                  now,
                  "mantissa",
                  "escalation:" + esc.sinkName(),
                  r.id(),
                  "unacknowledged after " + esc.after()));
          scheduled++;
          LOG.info("alert {} escalated to {}", r.id(), esc.sinkName());
        }
      }
      if (done == escalations.size()) {
        store.delete(pending.key()); // escalated everywhere it can be
      }
    }
    return scheduled;
  }

  /** Records that an open alert may still escalate (see {@link #escalateDue()}). */
  private void markEscalationPending(String alertId) {
    if (!escalations.isEmpty()) {
      // No expiry: escalateDue removes it, and it must not vanish before an alert it covers.
      store.putIfAbsent(Keys.ESCALATION_PENDING + alertId, "");
    }
  }

  /** The alert with this id. */
  public Optional<AlertRecord> get(String alertId) {
    return store.get(Keys.ALERT + alertId).map(e -> Json.record(e.value()));
  }

  /**
   * Up to {@code limit} alerts, newest first. Reads every alert document (at most 100 000); the
   * reference app's alert list belongs in the lake's {@code alerts} view.
   */
  public List<AlertRecord> list(int limit) {
    List<AlertRecord> all = new ArrayList<>();
    for (StateEntry e : store.scan(Keys.ALERT, 100_000)) {
      all.add(Json.record(e.value()));
    }
    all.sort(Comparator.comparing(AlertRecord::createdAt).reversed());
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /**
   * Sets an alert's status and records who did it and why. Sinks routed for the alert get the
   * change (PagerDuty acknowledges or resolves its incident).
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} when no such alert exists
   */
  public AlertRecord updateStatus(String alertId, AlertStatus status, String actor, String note) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(note, "note");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      StateEntry entry =
          store
              .get(Keys.ALERT + alertId)
              .orElseThrow(
                  () ->
                      new MantissaException(
                          ErrorCode.INVALID_ARGUMENT, "no alert with id '" + alertId + "'"));
      AlertRecord current = Json.record(entry.value());
      if (current.status() == status) {
        return current;
      }
      Instant now = clock.instant();
      AlertRecord updated =
          new AlertRecord(
              current.alert().toBuilder().status(status).build(),
              current.count(),
              current.lastSeen(),
              current.createdAt(),
              now,
              current.lastDetectionAt(),
              current.dedupBy());
      List<String[]> scheduled =
          enqueue(
              updated,
              status.name().toLowerCase(Locale.ROOT) + "-" + (entry.version() + 1),
              entry.version() + 1);
      Optional<StateEntry> written =
          compareAndSetKept(Keys.ALERT + alertId, entry.version(), Json.record(updated));
      if (written.isPresent()) {
        if (status == AlertStatus.OPEN) {
          markEscalationPending(alertId);
        }
        audit(
            new AuditRecord(
                now, actor, "status:" + status.name().toLowerCase(Locale.ROOT), alertId, note));
        for (AlertListener l : listeners) {
          try {
            l.alertUpdated(updated);
          } catch (RuntimeException e) {
            LOG.warn("alert listener failed for alert {}", alertId, e);
          }
        }
        return updated;
      }
      cancel(scheduled);
    }
    throw new MantissaException(ErrorCode.CONFLICT, "alert " + alertId + " kept changing");
  }

  /**
   * Marks an alert a false positive and adds a scoped exception: detections of the same rule with
   * the same dedup entities are suppressed for {@code exceptionFor}.
   */
  public AlertRecord markFalsePositive(
      String alertId, String actor, String reason, Duration exceptionFor) {
    AlertRecord updated = updateStatus(alertId, AlertStatus.FALSE_POSITIVE, actor, reason);
    Instant now = clock.instant();
    addSuppression(
        new Suppression(
            ids.get(),
            updated.alert().ruleId(),
            updated.dedupEntities(),
            now,
            now.plus(exceptionFor),
            "false positive " + alertId + ": " + reason,
            actor));
    return updated;
  }

  /** Adds a suppression (maintenance window, scoped exception) and records it in the audit log. */
  public void addSuppression(Suppression suppression) {
    Instant now = clock.instant();
    Duration ttl = Duration.between(now, suppression.until());
    if (ttl.isNegative() || ttl.isZero()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "suppression " + suppression.id() + " has already ended");
    }
    store.put(
        suppressionKey(suppression.ruleId(), suppression.id()), Json.suppression(suppression), ttl);
    audit(
        new AuditRecord(
            now,
            suppression.createdBy(),
            "suppression:add",
            "",
            suppression.id() + " rule " + suppression.ruleId() + ": " + suppression.reason()));
  }

  /** Removes a suppression before its end. */
  public boolean removeSuppression(String ruleId, String suppressionId, String actor) {
    boolean removed = store.delete(suppressionKey(ruleId, suppressionId));
    if (removed) {
      audit(
          new AuditRecord(
              clock.instant(), actor, "suppression:remove", "", suppressionId + " rule " + ruleId));
    }
    return removed;
  }

  /** The live suppressions of a rule. */
  public List<Suppression> suppressions(String ruleId) {
    return store.scan(suppressionPrefix(ruleId), MAX_SUPPRESSIONS_PER_RULE).stream()
        .map(e -> Json.suppression(e.value()))
        .toList();
  }

  /** The audit trail of an alert, oldest first. */
  public List<AuditRecord> auditTrail(String alertId) {
    return store.scan(Keys.AUDIT + alertId + "/", 10_000).stream()
        .map(e -> Json.audit(e.value()))
        .toList();
  }

  /** The audit records not about one alert (suppressions), oldest first. */
  public List<AuditRecord> globalAuditTrail() {
    return auditTrail("_");
  }

  private void audit(AuditRecord record) {
    String scope = record.alertId().isEmpty() ? "_" : record.alertId();
    String key =
        Keys.AUDIT
            + scope
            + "/"
            + String.format(
                Locale.ROOT,
                "%019d-%019d-%s",
                record.time().toEpochMilli(),
                auditSequence.incrementAndGet(),
                UUID.randomUUID());
    store.put(key, Json.audit(record));
  }

  private Optional<Suppression> activeSuppression(Detection d, Instant now) {
    for (StateEntry e : store.scan(suppressionPrefix(d.ruleId()), MAX_SUPPRESSIONS_PER_RULE)) {
      Suppression s = Json.suppression(e.value());
      if (s.covers(d, now)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private static String suppressionPrefix(String ruleId) {
    return Keys.SUPPRESSION + Keys.sha256(ruleId) + "/";
  }

  private static String suppressionKey(String ruleId, String id) {
    return suppressionPrefix(ruleId) + Keys.sha256(id);
  }

  /**
   * Writes an alert document or escalation marker: without expiry unless a retention was chosen (an
   * open alert must not vanish because nobody touched it).
   */
  private Optional<StateEntry> putIfAbsentKept(String key, String value) {
    return retention == null
        ? store.putIfAbsent(key, value)
        : store.putIfAbsent(key, value, retention);
  }

  private Optional<StateEntry> compareAndSetKept(String key, long version, String value) {
    return retention == null
        ? store.compareAndSet(key, version, value)
        : store.compareAndSet(key, version, value, retention);
  }

  private Duration groupWindow(String ruleId) {
    return groupWindows.getOrDefault(ruleId, defaultGroupWindow);
  }

  private static String pointer(AlertRecord r) {
    return Json.write(Json.object().put("alert_id", r.id()));
  }

  /** Builds {@link AlertPipeline}s. */
  public static final class Builder {
    private StateStore store;
    private Clock clock;
    private Supplier<String> ids = () -> UUID.randomUUID().toString();
    private Duration defaultGroupWindow = Duration.ofHours(1);
    private final Map<String, Duration> groupWindows = new HashMap<>();
    private final Map<String, Set<EntityType>> dedupOverrides = new HashMap<>();
    private Duration retention;
    private int maxEventIds = 100;
    private final List<AlertListener> listeners = new ArrayList<>();
    private Outbox outbox;
    private final List<Route> routes = new ArrayList<>();
    private AlertEnricher enricher;
    private final List<Escalation> escalations = new ArrayList<>();

    private Builder() {}

    /**
     * Escalates alerts of at least {@code minSeverity} still open {@code after} their creation to
     * the outbox sink {@code sinkName} (see {@link AlertPipeline#escalateDue()}).
     */
    public Builder escalate(Severity minSeverity, Duration after, String sinkName) {
      escalations.add(new Escalation(minSeverity, after, sinkName));
      return this;
    }

    /** Adds context (geo, threat intel, directory, 5W1H summary) to new alerts. */
    public Builder enricher(AlertEnricher enricher) {
      this.enricher = Objects.requireNonNull(enricher, "enricher");
      return this;
    }

    /** The store for alerts, dedup entries, suppressions and the audit trail (required). */
    public Builder stateStore(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock for every time decision (required). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where alert and suppression ids come from (default random UUIDs); ids must be unique. */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /** How long after its last detection an active alert still absorbs repeats (default 1 h). */
    public Builder groupWindow(Duration window) {
      this.defaultGroupWindow = Checks.positive(window, "groupWindow");
      return this;
    }

    /** The grouping window of one rule. */
    public Builder groupWindow(String ruleId, Duration window) {
      groupWindows.put(
          Objects.requireNonNull(ruleId, "ruleId"), Checks.positive(window, "groupWindow"));
      return this;
    }

    /**
     * The entity types that make up the dedup key of one rule, overriding what its detections carry
     * in {@link Detection#dedupBy()}.
     */
    public Builder dedupBy(String ruleId, Set<EntityType> types) {
      Objects.requireNonNull(ruleId, "ruleId");
      if (types.isEmpty()) {
        throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "dedupBy must not be empty");
      }
      dedupOverrides.put(ruleId, Set.copyOf(types));
      return this;
    }

    /**
     * Opt-in retention: alert documents (whatever their status) and their escalation markers expire
     * this long after their last change. Default: none, they are kept until deleted, so that an
     * alert nobody has handled yet never disappears; long-term history belongs in the lake's {@code
     * alerts} view. Dedup entries (one grouping window) and suppressions (their end) always expire;
     * audit records never do.
     */
    public Builder retention(Duration retention) {
      this.retention = Checks.positive(retention, "retention");
      return this;
    }

    /** How many event ids an alert keeps at most (default 100). */
    public Builder maxEventIds(int max) {
      this.maxEventIds = Checks.atLeastOne(max, "maxEventIds");
      return this;
    }

    /** Adds a listener told about new and changed alerts. */
    public Builder listener(AlertListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The outbox that delivers alerts to sinks. */
    public Builder outbox(Outbox outbox) {
      this.outbox = Objects.requireNonNull(outbox, "outbox");
      return this;
    }

    /**
     * Sends new alerts of at least {@code minSeverity} to the outbox's sink {@code sinkName}, and
     * later their status changes.
     */
    public Builder route(String sinkName, Severity minSeverity) {
      return route(Route.to(sinkName).minSeverity(minSeverity).build());
    }

    /** Adds a route; an alert goes to every sink with a matching route, once. */
    public Builder route(Route route) {
      routes.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /** Builds the pipeline. */
    public AlertPipeline build() {
      return new AlertPipeline(this);
    }
  }
}
