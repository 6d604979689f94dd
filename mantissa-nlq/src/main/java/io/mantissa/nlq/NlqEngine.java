package io.mantissa.nlq;

import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.QueryBackend;
import io.mantissa.spi.query.QueryRequest;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import io.mantissa.spi.query.TableInfo;
import io.mantissa.spi.state.StateStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers plain-English questions over the lake: question → planner (the offline planner first,
 * then the LLM planner when one is configured) → neutral SQL → checks on the parsed tree, time
 * window and row limit → the backend's dialect → cost estimate → execution → rows with the SQL, an
 * explanation and the assumptions made.
 *
 * <pre>{@code
 * NlqEngine nlq = NlqEngine.builder(backend).stateStore(store).build();
 * Answer a = nlq.ask(Ask.of("Show me all failed logins from outside the US this week"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class NlqEngine {
  private static final Logger LOG = LoggerFactory.getLogger(NlqEngine.class);
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern LATEST_WORDS =
      Pattern.compile("\\b(?:last time|most recent|latest|last seen|ever|first time)\\b");

  private final QueryBackend backend;
  private final Optional<Conversations> conversations;
  private final Clock clock;
  private final TimeExpressions time;
  private final SemanticCatalog catalog;
  private final NlqLimits limits;
  private final CostRates rates;
  private final BigDecimal confirmAboveUsd;
  private final long confirmAboveBytes;
  private final List<Planner> planners;
  private final SqlGuard guard;
  private final DialectRenderer renderer;
  private final BoundedCache<String, Proposal> plans;
  private final BoundedCache<String, QueryResult> results;

  private NlqEngine(Builder b) {
    this.backend = b.backend;
    this.clock = b.clock;
    this.time = new TimeExpressions(b.zone);
    this.catalog = b.catalog;
    this.limits = b.limits;
    this.rates = b.rates;
    this.confirmAboveUsd = b.confirmAboveUsd;
    this.confirmAboveBytes = b.confirmAboveBytes;
    this.conversations =
        Optional.ofNullable(b.stateStore).map(s -> new Conversations(s, b.maxTurns, b.sessionTtl));
    List<Planner> ps = new ArrayList<>();
    ps.add(new OfflinePlanner());
    if (b.llmPlanner != null) {
      ps.add(b.llmPlanner);
    }
    this.planners = List.copyOf(ps);
    this.guard = new SqlGuard(catalog, limits);
    this.renderer = new DialectRenderer(catalog);
    this.plans = new BoundedCache<>(b.planCacheSize, null, clock);
    this.results = new BoundedCache<>(b.resultCacheSize, b.resultTtl, clock);
  }

  /** A builder over {@code backend}. */
  public static Builder builder(QueryBackend backend) {
    return new Builder(backend);
  }

  /** The semantic catalog questions are read against. */
  public SemanticCatalog catalog() {
    return catalog;
  }

  /** Cache hits and misses so far. */
  public CacheStats cacheStats() {
    return new CacheStats(plans.hits(), plans.misses(), results.hits(), results.misses());
  }

  /**
   * Answers {@code ask}.
   *
   * @throws MantissaException {@code QUERY_REJECTED} when a planner's SQL fails the checks and
   *     cannot be repaired, {@code QUERY_FAILED} or {@code QUERY_TIMEOUT} from the backend, {@code
   *     INVALID_ARGUMENT} for a session without a state store
   */
  public Answer ask(Ask ask) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    String normalized = normalize(ask.question());
    List<PlanRequest.Turn> history =
        ask.session().map(id -> sessions().history(id)).orElse(List.of());
    Optional<TimeExpressions.Found> found = time.find(normalized, now);
    QueryPlan.TimeWindow window = window(found, normalized, history, now);
    Set<String> tables = tables();
    SqlDialect target = ask.dialect().orElse(backend.dialect());
    int rows = ask.rows().orElse(limits.defaultRows());
    PlanRequest request =
        new PlanRequest(
            ask.question(),
            normalized,
            now,
            found,
            window,
            catalog,
            tables,
            history,
            Optional.empty());

    Proposal.Unanswerable firstRefusal = null;
    for (Planner planner : planners) {
      PlanRequest asked = request;
      for (int round = 0; ; round++) {
        Attempt attempt = attempt(planner, asked, rows);
        if (attempt.refusal() != null) {
          if (firstRefusal == null) {
            firstRefusal = attempt.refusal();
          }
          break;
        }
        try {
          return finish(ask, planner, attempt, attempt.request(), target, started);
        } catch (MantissaException e) {
          // an execution error of model-written SQL goes back to the model, like a rejection
          if (e.code() != io.mantissa.api.ErrorCode.QUERY_FAILED
              || attempt.proposal() instanceof Proposal.Structured
              || round >= limits.maxRepairs()) {
            throw e;
          }
          asked =
              request.withFeedback(
                  "The SQL\n" + attempt.checked().sql() + "\nfailed when run: " + e.getMessage());
        }
      }
    }
    Proposal.Unanswerable refusal =
        firstRefusal == null
            ? new Proposal.Unanswerable(
                "no planner could answer", OfflinePlanner.suggestions(normalized))
            : firstRefusal;
    return new Answer(
        ask.question(),
        Answer.Status.CANNOT_ANSWER,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        target,
        refusal.reason(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        refusal.suggestions(),
        false,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** A planner's checked proposal, or its refusal. */
  private record Attempt(
      Proposal proposal,
      CheckedSql checked,
      Proposal.Unanswerable refusal,
      boolean cached,
      PlanRequest request) {}

  private Attempt attempt(Planner planner, PlanRequest request, int rows) {
    PlanRequest current = request;
    for (int round = 0; ; round++) {
      PlanRequest asked = current;
      String key = cacheKey(planner, asked);
      Optional<Proposal> hit = asked.feedback().isEmpty() ? plans.get(key) : Optional.empty();
      Proposal proposal = hit.orElseGet(() -> planner.plan(asked));
      if (proposal instanceof Proposal.Unanswerable u) {
        return new Attempt(proposal, null, u, hit.isPresent(), current);
      }
      String neutral =
          proposal instanceof Proposal.Structured s
              ? PlanSql.sql(s.plan())
              : ((Proposal.Sql) proposal).sql();
      try {
        CheckedSql checked = guard.check(neutral, current.tables(), current.window().range(), rows);
        if (hit.isEmpty()) {
          plans.put(key, proposal);
        }
        return new Attempt(proposal, checked, null, hit.isPresent(), current);
      } catch (MantissaException e) {
        if (proposal instanceof Proposal.Structured || round >= limits.maxRepairs()) {
          throw e;
        }
        LOG.debug(
            "planner {} proposed SQL that failed the checks: {}", planner.name(), e.getMessage());
        current = current.withFeedback("The SQL\n" + neutral + "\nwas rejected: " + e.getMessage());
      }
    }
  }

  private Answer finish(
      Ask ask,
      Planner planner,
      Attempt attempt,
      PlanRequest request,
      SqlDialect target,
      long started) {
    CheckedSql checked = attempt.checked();
    String explanation;
    List<String> assumptions = new ArrayList<>();
    Optional<QueryPlan> plan = Optional.empty();
    if (attempt.proposal() instanceof Proposal.Structured s) {
      explanation = s.explanation();
      assumptions.addAll(s.assumptions());
      plan = Optional.of(s.plan());
    } else {
      Proposal.Sql s = (Proposal.Sql) attempt.proposal();
      explanation = s.explanation();
      assumptions.add(windowAssumption(request.window()));
      assumptions.addAll(s.assumptions());
    }
    assumptions.add("at most " + checked.rowLimit() + " rows");
    assumptions.addAll(checked.notes());
    TimeRange range = request.window().range();
    String targetSql = renderer.render(checked.sql(), target);
    // the query that runs asks for one row more than the answer holds, so truncation is reported
    String backendSql =
        renderer.render(
            SqlGuard.withFetch(checked.sql(), checked.rowLimit() + 1), backend.dialect());
    QueryRequest query = new QueryRequest(backendSql, range, checked.rowLimit(), limits.timeout());
    Duration planning = Duration.ofNanos(System.nanoTime() - started);
    CostEstimate estimate = backend.estimate(query);
    CostRates.Price price = rates.price(target, estimate);
    Answer.Status status;
    Optional<QueryResult> result = Optional.empty();
    boolean fromCache = attempt.cached();
    if (ask.explainOnly()) {
      status = Answer.Status.EXPLAINED;
    } else if (target != backend.dialect()) {
      status = Answer.Status.EXPLAINED;
      assumptions.add(
          "shown for "
              + target
              + " and not run: this installation's backend is "
              + backend.dialect());
    } else if (!ask.confirmed()
        && (price.usd().compareTo(confirmAboveUsd) > 0
            || estimate.bytesScanned() > confirmAboveBytes)) {
      status = Answer.Status.NEEDS_CONFIRMATION;
    } else {
      String key = backendSql + '\n' + range + '\n' + checked.rowLimit();
      Optional<QueryResult> cached = results.get(key);
      QueryResult rows = cached.orElseGet(() -> backend.execute(query));
      if (cached.isEmpty()) {
        results.put(key, rows);
      }
      fromCache = fromCache || cached.isPresent();
      result = Optional.of(rows);
      status = Answer.Status.ANSWERED;
    }
    if (ask.session().isPresent() && status != Answer.Status.NEEDS_CONFIRMATION) {
      sessions()
          .append(ask.session().get(), new PlanRequest.Turn(ask.question(), plan, checked.sql()));
    }
    return new Answer(
        ask.question(),
        status,
        Optional.of(planner.name()),
        Optional.of(checked.sql()),
        Optional.of(targetSql),
        target,
        explanation,
        assumptions,
        Optional.of(range),
        Optional.of(estimate),
        Optional.of(price),
        result,
        List.of(),
        fromCache,
        planning);
  }

  private static String windowAssumption(QueryPlan.TimeWindow w) {
    return (w.assumed()
            ? "time window not given; assumed "
            : "time window \"" + w.phrase() + "\": ")
        + w.range().start()
        + " to "
        + w.range().end();
  }

  private QueryPlan.TimeWindow window(
      Optional<TimeExpressions.Found> found,
      String normalized,
      List<PlanRequest.Turn> history,
      Instant now) {
    if (found.isPresent()) {
      return new QueryPlan.TimeWindow(found.get().range(), found.get().phrase(), false);
    }
    if (!history.isEmpty() && history.get(history.size() - 1).plan().isPresent()) {
      return history.get(history.size() - 1).plan().get().window();
    }
    if (LATEST_WORDS.matcher(normalized).find()) {
      return new QueryPlan.TimeWindow(
          TimeExpressions.lastPeriod(now, Duration.ofDays(30)), "the last 30 days", true);
    }
    return new QueryPlan.TimeWindow(
        TimeExpressions.lastPeriod(now, Duration.ofHours(24)), "the last 24 hours", true);
  }

  private Set<String> tables() {
    Set<String> out = new TreeSet<>();
    for (TableInfo t : backend.catalog()) {
      out.add(t.name().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private String cacheKey(Planner planner, PlanRequest r) {
    String previous = r.previous().map(PlanRequest.Turn::sql).orElse("");
    return String.join(
        "\u0000",
        planner.name(),
        r.normalized(),
        r.window().range().toString(),
        previous,
        catalog.version(),
        String.join(",", r.tables()));
  }

  private Conversations sessions() {
    return conversations.orElseThrow(
        () ->
            new MantissaException(
                io.mantissa.api.ErrorCode.INVALID_ARGUMENT,
                "conversation sessions need a state store: configure NlqEngine.builder().stateStore(…)"));
  }

  /** Lower case, straight quotes, single spaces, no trailing punctuation. */
  static String normalize(String question) {
    String q =
        question.toLowerCase(Locale.ROOT).replace('’', '\'').replace('“', '"').replace('”', '"');
    q = SPACES.matcher(q).replaceAll(" ").strip();
    while (!q.isEmpty() && "?!.".indexOf(q.charAt(q.length() - 1)) >= 0) {
      q = q.substring(0, q.length() - 1).strip();
    }
    return q;
  }

  /** Builds an engine. */
  public static final class Builder {
    private final QueryBackend backend;
    private StateStore stateStore;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;
    private SemanticCatalog catalog = SemanticCatalog.defaults();
    private NlqLimits limits = NlqLimits.DEFAULTS;
    private CostRates rates = CostRates.defaults();
    private BigDecimal confirmAboveUsd = new BigDecimal("1.00");
    private long confirmAboveBytes = 100L * 1_000_000_000;
    private Planner llmPlanner;
    private int planCacheSize = 1_000;
    private int resultCacheSize = 100;
    private Duration resultTtl = Duration.ofSeconds(60);
    private int maxTurns = 10;
    private Duration sessionTtl = Duration.ofHours(12);

    private Builder(QueryBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** Where conversation sessions are kept; without one, questions cannot have a session. */
    public Builder stateStore(StateStore store) {
      this.stateStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock ("this week" is read against it). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** The zone of calendar periods ("today", "this week"); UTC by default. */
    public Builder zone(ZoneId z) {
      this.zone = Objects.requireNonNull(z, "zone");
      return this;
    }

    /** The semantic catalog. */
    public Builder catalog(SemanticCatalog c) {
      this.catalog = Objects.requireNonNull(c, "catalog");
      return this;
    }

    /** Row limits, timeout, nesting and repair limits. */
    public Builder limits(NlqLimits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /** Prices per engine. */
    public Builder rates(CostRates r) {
      this.rates = Objects.requireNonNull(r, "rates");
      return this;
    }

    /**
     * Above these, a question is not run until confirmed ({@link Ask#confirm()}): $1.00 and 100 GB
     * by default.
     */
    public Builder confirmAbove(BigDecimal usd, long bytes) {
      if (usd.signum() < 0 || bytes < 0) {
        throw new IllegalArgumentException("confirmation thresholds must not be negative");
      }
      this.confirmAboveUsd = usd;
      this.confirmAboveBytes = bytes;
      return this;
    }

    /** A planner asked when the offline planner cannot answer (an LLM planner). */
    public Builder fallbackPlanner(Planner planner) {
      this.llmPlanner = Objects.requireNonNull(planner, "planner");
      return this;
    }

    /** Plans kept (1,000) and results kept (100) with their time to live (60 s). */
    public Builder caches(int planEntries, int resultEntries, Duration resultTtl) {
      if (resultTtl.isNegative()) {
        throw new IllegalArgumentException("result TTL must not be negative");
      }
      this.planCacheSize = planEntries;
      this.resultCacheSize = resultEntries;
      this.resultTtl = resultTtl;
      return this;
    }

    /** Turns kept per session (10) and how long an idle session lives (12 h). */
    public Builder sessions(int turns, Duration ttl) {
      this.maxTurns = turns;
      this.sessionTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** The engine. */
    public NlqEngine build() {
      return new NlqEngine(this);
    }
  }
}
