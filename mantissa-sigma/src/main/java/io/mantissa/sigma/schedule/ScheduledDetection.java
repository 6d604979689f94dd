package io.mantissa.sigma.schedule;

import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.sigma.CorrelationType;
import io.mantissa.sigma.RuleMetadata;
import io.mantissa.sigma.SigmaCollection;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sigma.SigmaFilter;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.sigma.sql.SqlConverter;
import io.mantissa.spi.query.ColumnInfo;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.spi.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Sigma rules and count, temporal and temporal_ordered correlations as SQL on a {@link
 * QueryBackend}, incrementally.
 *
 * <p>Each rule is converted once, at build time, to the backend's dialect ({@link SqlConverter}
 * with the given {@link FieldMapping}); a rule that cannot be converted (or that a meta filter
 * applies to, since filters are not converted) is reported as a {@link
 * DetectionFailure.Stage#CONVERT} failure on every run and never stops the others. Rules that only
 * feed correlations with {@code generate: false} are not run on their own.
 *
 * <p>Each {@link #run()} covers, per rule, the event time from the rule's watermark (stored in the
 * {@link StateStore} under {@code sigma/watermark/<rule key>}) to the clock's instant minus the
 * settle delay, and queries it from the watermark minus the lookback, so that events arriving up to
 * the lookback late are still seen. The first run of a rule covers the initial window. Correlation
 * windows are aligned to the correlation's fixed, epoch-aligned buckets: only complete buckets are
 * queried, and the watermark is a bucket boundary. A temporal_ordered correlation's query also
 * starts one timespan earlier, so that the first step of a sequence ending in the window is seen.
 *
 * <p>No double reporting: a row reported once is remembered under {@code sigma/seen/<rule
 * key>/<hash>} (lake rows by source and event id; correlation rows by bucket and group, not by
 * count) for the dedup retention, and skipped while remembered. Rows of the lookback overlap are
 * therefore reported once, as long as no rule's watermark lags the clock by more than the dedup
 * retention minus the lookback. No gaps: the watermark is advanced (compare-and-set on its version)
 * only after the rows are delivered to the {@link DetectionSink} and remembered; a crash or failure
 * before that re-queries the same window next run (at-least-once, the remembered rows deduped). A
 * lost compare-and-set (another runner) is a {@link DetectionFailure.Stage#STATE} failure.
 *
 * <p>Time bounding relies on the backend: {@link QueryBackend} guarantees that a query sees only
 * the events of its request's time range, so the rule's SQL is run as converted. Events arriving
 * later than the lookback after their event time are not seen. A result cut at the row limit is
 * flagged {@link RuleDetection#truncated()}.
 *
 * <p>Not thread-safe; one runner per rule set (concurrent runners are detected by the
 * compare-and-set, not prevented).
 */
public final class ScheduledDetection {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledDetection.class);

  /** Prefix of the watermark entries: {@code sigma/watermark/<rule key>}, an ISO-8601 instant. */
  public static final String WATERMARK_PREFIX = "sigma/watermark/";

  /** Prefix of the dedup entries: {@code sigma/seen/<rule key>/<row hash>}. */
  public static final String SEEN_PREFIX = "sigma/seen/";

  private final QueryBackend backend;
  private final StateStore state;
  private final Clock clock;
  private final Duration lookback;
  private final Duration settleDelay;
  private final Duration initialWindow;
  private final Duration dedupRetention;
  private final int rowLimit;
  private final Duration timeout;
  private final List<Job> jobs;
  private final List<DetectionFailure> conversionFailures;

  /**
   * A converted rule: its SQL and, for correlations, the bucket size; {@code reach} is how much
   * earlier than its window a query must start (a temporal_ordered correlation's timespan, so that
   * the first step of a sequence ending in the window is seen).
   */
  private record Job(RuleMetadata meta, String key, String sql, Duration bucket, Duration reach) {}

  private ScheduledDetection(Builder b) {
    this.backend = Objects.requireNonNull(b.backend, "backend");
    this.state = Objects.requireNonNull(b.state, "state");
    this.clock = b.clock;
    this.lookback = b.lookback;
    this.settleDelay = b.settleDelay;
    this.initialWindow = b.initialWindow;
    this.dedupRetention =
        b.dedupRetention != null
            ? b.dedupRetention
            : lookback.plus(settleDelay).plus(Duration.ofDays(1));
    if (dedupRetention.compareTo(lookback) <= 0) {
      throw new IllegalArgumentException(
          "dedup retention " + dedupRetention + " must be longer than the lookback " + lookback);
    }
    this.rowLimit = b.rowLimit;
    this.timeout = b.timeout;
    List<Job> converted = new ArrayList<>();
    List<DetectionFailure> failed = new ArrayList<>();
    convert(b.documents, b.mapping, converted, failed);
    this.jobs = List.copyOf(converted);
    this.conversionFailures = List.copyOf(failed);
  }

  /** A builder over a backend and a state store. */
  public static Builder builder(QueryBackend backend, StateStore state) {
    return new Builder(backend, state);
  }

  private void convert(
      List<SigmaDocument> documents,
      FieldMapping mapping,
      List<Job> out,
      List<DetectionFailure> failed) {
    List<SigmaRule> rules = new ArrayList<>();
    List<SigmaFilter> filters = new ArrayList<>();
    List<SigmaCorrelation> correlations = new ArrayList<>();
    for (SigmaDocument d : documents) {
      if (d instanceof SigmaRule r) {
        rules.add(r);
      } else if (d instanceof SigmaFilter f) {
        filters.add(f);
      } else {
        correlations.add((SigmaCorrelation) d);
      }
    }
    Set<String> keys = new HashSet<>();
    for (SigmaDocument d : documents) {
      RuleMetadata meta = d.metadata();
      if (d instanceof SigmaFilter) {
        continue;
      }
      if (d instanceof SigmaRule r && !generatesAlerts(r, correlations)) {
        continue;
      }
      String key = key(meta);
      if (!keys.add(key)) {
        failed.add(
            new DetectionFailure(
                meta,
                DetectionFailure.Stage.CONVERT,
                "another rule has the same key '" + key + "' (id, else name, else title)"));
        continue;
      }
      try {
        if (d instanceof SigmaRule r) {
          for (SigmaFilter f : filters) {
            if (f.appliesTo(r)) {
              throw new MantissaException(
                  io.mantissa.api.ErrorCode.INVALID_ARGUMENT,
                  "rule '"
                      + meta.title()
                      + "': the meta filter '"
                      + f.metadata().title()
                      + "' cannot be converted to "
                      + backend.dialect()
                      + " SQL: filters are applied by the in-memory evaluator only");
            }
          }
          out.add(
              new Job(
                  meta,
                  key,
                  SqlConverter.convert(r, backend.dialect(), mapping),
                  null,
                  Duration.ZERO));
        } else {
          SigmaCorrelation c = (SigmaCorrelation) d;
          out.add(
              new Job(
                  meta,
                  key,
                  SqlConverter.convert(c, rules, backend.dialect(), mapping),
                  c.timespan(),
                  c.type() == CorrelationType.TEMPORAL_ORDERED ? c.timespan() : Duration.ZERO));
        }
      } catch (MantissaException e) {
        LOG.warn("rule '{}' is not scheduled: {}", meta.title(), e.getMessage());
        failed.add(new DetectionFailure(meta, DetectionFailure.Stage.CONVERT, e.getMessage()));
      }
    }
  }

  /** False for rules referenced only by correlations with {@code generate: false}. */
  private static boolean generatesAlerts(SigmaRule r, List<SigmaCorrelation> correlations) {
    boolean referenced = false;
    for (SigmaCorrelation c : correlations) {
      if (c.rules().stream().anyMatch(r.metadata()::isReferencedBy)) {
        referenced = true;
        if (c.generate()) {
          return true;
        }
      }
    }
    return !referenced;
  }

  private static String key(RuleMetadata meta) {
    String k = meta.id().or(meta::name).orElse(meta.title());
    return k.length() <= 200 ? k : sha256(k);
  }

  /** The rules and correlations that run, by key (conversion failures excluded). */
  public List<String> scheduledRules() {
    return jobs.stream().map(Job::key).toList();
  }

  /** Runs every rule once and returns the detections (delivered when this returns). */
  public RunReport run() {
    return run(d -> {});
  }

  /**
   * Runs every rule once, delivering each detection to {@code sink} before remembering its rows and
   * advancing the rule's watermark.
   */
  public RunReport run(DetectionSink sink) {
    Objects.requireNonNull(sink, "sink");
    Instant startedAt = clock.instant();
    Instant end = startedAt.minus(settleDelay);
    List<RuleDetection> detections = new ArrayList<>();
    List<DetectionFailure> failures = new ArrayList<>(conversionFailures);
    int ran = 0;
    for (Job job : jobs) {
      try {
        if (runJob(job, end, sink, detections, failures)) {
          ran++;
        }
      } catch (StateFailure e) {
        LOG.warn("rule '{}': state store failed: {}", job.meta().title(), e.getMessage());
        failures.add(
            new DetectionFailure(job.meta(), DetectionFailure.Stage.STATE, e.getMessage()));
      } catch (MantissaException e) {
        LOG.warn("rule '{}' failed: {}", job.meta().title(), e.getMessage());
        failures.add(
            new DetectionFailure(job.meta(), DetectionFailure.Stage.QUERY, e.getMessage()));
      }
    }
    return new RunReport(startedAt, end, detections, failures, ran);
  }

  /** Runs one rule; returns whether it had a window to query. */
  private boolean runJob(
      Job job,
      Instant end,
      DetectionSink sink,
      List<RuleDetection> detections,
      List<DetectionFailure> failures) {
    String watermarkKey = WATERMARK_PREFIX + job.key();
    Optional<StateEntry> watermark = stateCall(() -> state.get(watermarkKey));
    Instant from = watermark.map(e -> parseInstant(e.value())).orElse(end.minus(initialWindow));
    Instant to = end;
    Instant queryFrom = from.minus(lookback).minus(job.reach());
    if (job.bucket() != null) {
      to = floor(end, job.bucket());
      queryFrom = floor(queryFrom, job.bucket());
    }
    if (!to.isAfter(from)) {
      return false;
    }
    TimeRange window = new TimeRange(queryFrom, to);
    QueryResult result = backend.execute(new QueryRequest(job.sql(), window, rowLimit, timeout));
    if (result.truncated()) {
      LOG.warn(
          "rule '{}': the result over {} was cut at {} rows", job.meta().title(), window, rowLimit);
    }
    List<List<Object>> fresh = new ArrayList<>();
    List<String> seenKeys = new ArrayList<>();
    Set<String> inThisResult = new HashSet<>();
    for (List<Object> row : result.rows()) {
      String seen = SEEN_PREFIX + job.key() + "/" + rowHash(job, result.columns(), row);
      if (!inThisResult.add(seen) || stateCall(() -> state.get(seen)).isPresent()) {
        continue;
      }
      fresh.add(row);
      seenKeys.add(seen);
    }
    if (!fresh.isEmpty()) {
      RuleDetection detection =
          new RuleDetection(
              job.meta(),
              job.key(),
              job.bucket() != null,
              window,
              result.columns(),
              fresh,
              result.truncated());
      try {
        sink.deliver(detection);
      } catch (RuntimeException e) {
        LOG.warn("rule '{}': the sink refused {} rows: {}", job.meta().title(), fresh.size(), e);
        failures.add(
            new DetectionFailure(
                job.meta(), DetectionFailure.Stage.DELIVER, String.valueOf(e.getMessage())));
        return true;
      }
      detections.add(detection);
      for (String seen : seenKeys) {
        stateCall(() -> state.put(seen, "1", dedupRetention));
      }
    }
    String value = to.toString();
    Optional<StateEntry> written =
        stateCall(
            () ->
                watermark.isPresent()
                    ? state.compareAndSet(watermarkKey, watermark.get().version(), value)
                    : state.putIfAbsent(watermarkKey, value));
    if (written.isEmpty()) {
      failures.add(
          new DetectionFailure(
              job.meta(),
              DetectionFailure.Stage.STATE,
              "the watermark "
                  + watermarkKey
                  + " was moved by another runner; this run's rows were delivered and remembered"));
    }
    return true;
  }

  private interface StateCall<T> {
    T call();
  }

  /** A state store failure, told apart from query failures. */
  private static final class StateFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StateFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Runs a state store call; any failure becomes a {@link StateFailure}. */
  private static <T> T stateCall(StateCall<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw new StateFailure("the state store failed: " + e.getMessage(), e);
    }
  }

  private static Instant parseInstant(String s) {
    try {
      return Instant.parse(s.trim());
    } catch (DateTimeParseException e) {
      throw new StateFailure("the watermark '" + s + "' is not an instant", e);
    }
  }

  private static Instant floor(Instant t, Duration bucket) {
    long size = bucket.toMillis();
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(Math.floorDiv(ms, size) * size);
  }

  /**
   * A lake row by its source and event id (the whole row when it has no id); a correlation row by
   * its bucket and group values, not its count (late events raise the count of a bucket already
   * reported).
   */
  private static String rowHash(Job job, List<ColumnInfo> columns, List<Object> row) {
    StringBuilder sb = new StringBuilder();
    if (job.bucket() != null) {
      for (int i = 0; i < columns.size() - 1; i++) {
        sb.append(row.get(i)).append('\u0000');
      }
      return sha256(sb.toString());
    }
    int source = -1;
    int id = -1;
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name().toLowerCase(Locale.ROOT);
      if (name.equals("source")) {
        source = i;
      } else if (name.equals("id")) {
        id = i;
      }
    }
    if (id >= 0 && row.get(id) != null) {
      sb.append(source >= 0 ? row.get(source) : "").append('\u0000').append(row.get(id));
    } else {
      for (Object o : row) {
        sb.append(o).append('\u0000');
      }
    }
    return sha256(sb.toString());
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** Settings of a {@link ScheduledDetection}; rules and a field mapping are required. */
  public static final class Builder {
    private final QueryBackend backend;
    private final StateStore state;
    private final List<SigmaDocument> documents = new ArrayList<>();
    private FieldMapping mapping;
    private Clock clock = Clock.systemUTC();
    private Duration lookback = Duration.ofMinutes(15);
    private Duration settleDelay = Duration.ofMinutes(1);
    private Duration initialWindow = Duration.ofHours(1);
    private Duration dedupRetention;
    private int rowLimit = 10_000;
    private Duration timeout = Duration.ofSeconds(120);

    private Builder(QueryBackend backend, StateStore state) {
      this.backend = backend;
      this.state = state;
    }

    /** Adds the rules, filters and correlations of parsed files. */
    public Builder rules(List<SigmaCollection> collections) {
      for (SigmaCollection c : collections) {
        documents.addAll(c.documents());
      }
      return this;
    }

    /** Adds rules, filters and correlations. */
    public Builder documents(List<? extends SigmaDocument> docs) {
      documents.addAll(docs);
      return this;
    }

    /** The field-mapping pipeline (log source → table, field → column or JSON path). */
    public Builder mapping(FieldMapping mapping) {
      this.mapping = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /** The clock (default: the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How late events may arrive and still be reported (default 15 minutes). */
    public Builder lookback(Duration lookback) {
      this.lookback = nonNegative(lookback, "lookback");
      return this;
    }

    /** How long before now event time is left alone, for ingestion to settle (default 1 minute). */
    public Builder settleDelay(Duration settleDelay) {
      this.settleDelay = nonNegative(settleDelay, "settle delay");
      return this;
    }

    /** The event time a rule's first run covers (default 1 hour). */
    public Builder initialWindow(Duration initialWindow) {
      this.initialWindow = nonNegative(initialWindow, "initial window");
      return this;
    }

    /**
     * How long reported rows are remembered (default: lookback + settle delay + 1 day); must be
     * longer than the lookback.
     */
    public Builder dedupRetention(Duration dedupRetention) {
      this.dedupRetention = nonNegative(dedupRetention, "dedup retention");
      return this;
    }

    /** The most rows one rule's query returns (default 10,000). */
    public Builder rowLimit(int rowLimit) {
      if (rowLimit < 1) {
        throw new IllegalArgumentException("row limit must be at least 1, was " + rowLimit);
      }
      this.rowLimit = rowLimit;
      return this;
    }

    /** How long one rule's query may run (default 120 seconds). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, was " + d);
      }
      return d;
    }

    /** Converts the rules and builds the runner. */
    public ScheduledDetection build() {
      if (mapping == null) {
        throw new IllegalStateException("a field mapping is required");
      }
      return new ScheduledDetection(this);
    }
  }
}
