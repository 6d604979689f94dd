package io.mantissa.nlq;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * The offline planner's reading of application performance questions over spans ({@code
 * otel_traces}, one row per span, written by mantissa-apm): latency ("slowest endpoints", "p95
 * latency of checkout", "average latency by service"), error rates ("error rate by service"),
 * errors ("which services had errors", "show traces for checkout with errors"), request counts
 * ("how many requests did payments serve") and slow traces ("top 5 slowest traces", "requests
 * slower than 1 second").
 *
 * <p>Requests are server spans ({@code span_kind = 'SERVER'}); latency is their duration; an error
 * is a span with status {@code ERROR}. A service is named after "of", "for", "did", … or before
 * "service", and compared ignoring case. Percentiles are not offered (see {@link
 * #PERCENTILE_NOTE}): the average and the maximum are given instead, and the answer says so. The
 * SQL is a fixed template per kind of question; the service name and a threshold enter it only as
 * literals of the parsed tree, never as text.
 */
final class ApmQuestions {
  static final String TABLE = "otel_traces";

  static final String PERCENTILE_NOTE =
      "percentiles are not offered: the checks allow no percentile function, and Athena"
          + " (approx_percentile), BigQuery (APPROX_QUANTILES; PERCENTILE_CONT only as a window"
          + " function) and Synapse (PERCENTILE_CONT only as a window function) have no exact"
          + " percentile aggregate; the average and the maximum are given instead";

  private static final Pattern TRIGGER =
      Pattern.compile(
          "\\b(?:traces?|spans?|latenc(?:y|ies)|slow(?:est|er)?|fast(?:est)?|response times?"
              + "|p(?:50|75|90|95|99)|percentiles?|median|(?:error|failure) rates?|endpoints?"
              + "|routes?|serve[ds]?|throughput|apm)\\b"
              + "|\\brequests?\\b.{0,40}\\b(?:per|by|for each|each) service\\b"
              + "|\\bservices?\\b.*\\b(?:errors?|errored|failures?)\\b"
              + "|\\b(?:errors?|errored|failures?)\\b.*\\bservices?\\b");

  /** Weaker words, read only when nothing else in the catalog names the question's events. */
  private static final Pattern FALLBACK_TRIGGER =
      Pattern.compile("\\b(?:errors?|errored|requests?|served|serve)\\b");

  private static final Pattern PERCENTILE =
      words("p(?:50|75|90|95|99)|\\d{2}(?:th)? percentile|percentiles?|median");
  private static final Pattern ERROR_RATE =
      words("(?:error|failure) (?:rates?|ratios?|percentages?)|percentage of (?:errors|failures)");
  private static final Pattern FASTEST = words("fast(?:est)?|quickest");
  private static final Pattern LATENCY =
      words("latenc(?:y|ies)|response times?|durations?|how long|slow(?:est|er)?");
  private static final Pattern AVERAGE = words("average|avg|mean");
  private static final Pattern COUNT = words("how many|number of|count(?: of)?|total");
  private static final Pattern ERRORS =
      words("errors?|erroring|errored|failed|failing|failures?|5xx");
  private static final Pattern GROUP =
      words("(?:grouped by|by|per|for each|each|across)(?: the)? (service|endpoint|route)s?");
  private static final Pattern ENDPOINTS = words("endpoints?|routes?|urls?|pages?");
  private static final Pattern SERVICES = words("services");
  private static final Pattern TRACES = words("traces?");
  private static final Pattern SPANS = words("spans?");
  private static final Pattern REQUESTS = words("requests?|calls?|hits?");
  private static final Pattern SERVED = words("serve[ds]?|handled?|handles|received?|had|have|has");
  private static final Pattern WHICH = words("which|what");
  private static final Pattern TOP_N = words("top (\\d{1,4})");
  private static final Pattern THRESHOLD =
      words(
          "(?:over|above|more than|longer than|slower than|exceeding|greater than)"
              + " (\\d{1,7}(?:\\.\\d{1,3})?) ?(ms|milliseconds?|s|secs?|seconds?)");
  private static final Pattern SERVICE =
      Pattern.compile(
          "\\b(?:of|for|on|in|from|did|does|do|at|by|to|the|served by|handled by)"
              + " ([a-z][a-z0-9_.-]{0,62})(?: service)?\\b"
              + "|\\b([a-z][a-z0-9_.-]{0,62}) service\\b");
  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9'._-]*");

  /** Words that are never a service name. */
  private static final Set<String> NOT_A_SERVICE =
      Set.of(
          "service",
          "services",
          "the",
          "a",
          "an",
          "all",
          "each",
          "every",
          "any",
          "my",
          "our",
          "errors",
          "error",
          "requests",
          "request",
          "traces",
          "trace",
          "spans",
          "span",
          "endpoints",
          "endpoint",
          "latency",
          "today",
          "yesterday",
          "last",
          "this",
          "past",
          "which",
          "what",
          "with",
          "by",
          "per",
          "and",
          "or",
          "it",
          "them",
          "that",
          "those");

  private ApmQuestions() {}

  private static Pattern words(String alternatives) {
    return Pattern.compile("\\b(?:" + alternatives + ")\\b");
  }

  /** What the question asks for. */
  private enum Measure {
    ERROR_RATE,
    LATENCY,
    SLOWEST_TRACES,
    COUNT,
    WHICH,
    LIST
  }

  /**
   * A proposal for an APM question, or empty when {@code text} (the normalized question with its
   * time expression blanked) is not one this class reads completely.
   */
  static Optional<Proposal> read(PlanRequest request, String text) {
    return read(request, text, false);
  }

  /**
   * Like {@link #read(PlanRequest, String)}; with {@code fallback} (the question names no kind of
   * event and no source of the catalog) weaker words suffice: "how many errors did checkout have".
   */
  static Optional<Proposal> read(PlanRequest request, String text, boolean fallback) {
    if (!(fallback ? FALLBACK_TRIGGER : TRIGGER).matcher(text).find()) {
      return Optional.empty();
    }
    StringBuilder rest = new StringBuilder(text);
    Optional<MatchResult> threshold = take(rest, THRESHOLD);
    boolean percentile = take(rest, PERCENTILE).isPresent();
    boolean errorRate = take(rest, ERROR_RATE).isPresent();
    boolean fastest = take(rest, FASTEST).isPresent();
    boolean latency = take(rest, LATENCY).isPresent() || percentile || fastest;
    take(rest, AVERAGE);
    boolean count = take(rest, COUNT).isPresent();
    Optional<MatchResult> topN = take(rest, TOP_N);
    Optional<MatchResult> group = take(rest, GROUP);
    boolean byService = group.isPresent() && group.get().group(1).equals("service");
    boolean byEndpoint = group.isPresent() && !byService;
    boolean endpoints = take(rest, ENDPOINTS).isPresent() || byEndpoint;
    boolean services = take(rest, SERVICES).isPresent() || byService;
    boolean traces = take(rest, TRACES).isPresent();
    boolean spans = take(rest, SPANS).isPresent();
    boolean requests = take(rest, REQUESTS).isPresent();
    boolean errors = !errorRate && take(rest, ERRORS).isPresent();
    boolean which = take(rest, WHICH).isPresent();
    while (take(rest, SERVED).isPresent()) {
      // "did payments serve", "which services had errors"
    }
    String service = null;
    Matcher m = SERVICE.matcher(rest);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      if (!NOT_A_SERVICE.contains(name) && !OfflinePlanner.STOPWORDS.contains(name)) {
        service = name;
        int at = m.group(1) != null ? m.start(1) : m.start(2);
        blank(rest, at, at + name.length());
        break;
      }
    }
    take(rest, words("service"));
    if (!leftovers(rest).isEmpty()) {
      return Optional.empty();
    }
    if (!request.tables().contains(TABLE)) {
      return Optional.of(
          new Proposal.Unanswerable(
              "no "
                  + TABLE
                  + " data (OpenTelemetry spans) is stored, so I cannot answer questions about"
                  + " requests, latency or errors of services; the tables with data are: "
                  + String.join(", ", new java.util.TreeSet<>(request.tables())),
              OfflinePlanner.suggestions(request.question())));
    }
    Measure measure;
    if (errorRate) {
      measure = Measure.ERROR_RATE;
    } else if (latency && traces && !endpoints && !services) {
      measure = Measure.SLOWEST_TRACES;
    } else if (latency) {
      measure = Measure.LATENCY;
    } else if (count) {
      measure = Measure.COUNT;
    } else if (which && (services || endpoints)) {
      measure = Measure.WHICH;
    } else if (traces || spans || requests || errors || threshold.isPresent()) {
      measure = Measure.LIST;
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new Builder(request, measure)
            .percentile(percentile)
            .descending(!fastest)
            .service(service)
            .errors(errors)
            .threshold(threshold.map(ApmQuestions::millis).orElse(null))
            .limit(topN.map(t -> Integer.parseInt(t.group(1))).orElse(0))
            .grouping(endpoints, services)
            .requests(requests || endpoints)
            .traces(traces)
            .build());
  }

  private static BigDecimal millis(MatchResult m) {
    BigDecimal v = new BigDecimal(m.group(1));
    return m.group(2).startsWith("m") ? v : v.multiply(BigDecimal.valueOf(1_000));
  }

  /** Builds the SQL, the explanation and the assumptions of one reading. */
  private static final class Builder {
    private final PlanRequest request;
    private final Measure measure;
    private boolean percentile;
    private boolean descending = true;
    private String service;
    private boolean errors;
    private BigDecimal threshold;
    private int limit;
    private boolean endpoints;
    private boolean services;
    private boolean requests;
    private boolean traces;

    Builder(PlanRequest request, Measure measure) {
      this.request = request;
      this.measure = measure;
    }

    Builder percentile(boolean v) {
      percentile = v;
      return this;
    }

    Builder descending(boolean v) {
      descending = v;
      return this;
    }

    Builder service(String v) {
      service = v;
      return this;
    }

    Builder errors(boolean v) {
      errors = v;
      return this;
    }

    Builder threshold(BigDecimal v) {
      threshold = v;
      return this;
    }

    Builder limit(int v) {
      limit = v;
      return this;
    }

    Builder grouping(boolean byEndpoint, boolean byService) {
      endpoints = byEndpoint;
      services = byService;
      return this;
    }

    Builder requests(boolean v) {
      requests = v;
      return this;
    }

    Builder traces(boolean v) {
      traces = v;
      return this;
    }

    Proposal build() {
      List<String> where = new ArrayList<>();
      List<SqlNode> params = new ArrayList<>();
      List<String> assumptions = new ArrayList<>();
      assumptions.add(OfflinePlanner.windowAssumption(request.window()));
      assumptions.add("source: " + TABLE + " (OpenTelemetry spans, one row per span)");
      boolean serverOnly =
          measure == Measure.ERROR_RATE
              || measure == Measure.LATENCY
              || (requests && measure != Measure.SLOWEST_TRACES);
      if (serverOnly) {
        where.add("span_kind = 'SERVER'");
        assumptions.add(
            "requests are server spans (span_kind SERVER)"
                + (measure == Measure.LATENCY ? "; latency is their duration in ms" : ""));
      }
      String what = serverOnly ? "requests" : "spans";
      if (service != null) {
        where.add("LOWER(service) = ?");
        params.add(SqlLiteral.createCharString(service, SqlParserPos.ZERO));
        assumptions.add("service: " + service + " (the spans' service.name, ignoring case)");
        what = what + " of " + service;
      }
      if (errors) {
        where.add("span_status = 'ERROR'");
        assumptions.add(
            "errors are spans with status ERROR (a 4xx answer of a server is not an error,"
                + " as the OpenTelemetry semantic conventions say)");
        what = "failed " + what;
      }
      if (threshold != null) {
        where.add("CAST(duration_ms AS DECIMAL(18, 6)) > ?");
        params.add(
            SqlLiteral.createExactNumeric(
                threshold.stripTrailingZeros().toPlainString(), SqlParserPos.ZERO));
        what = what + " slower than " + threshold.stripTrailingZeros().toPlainString() + " ms";
      }
      if (percentile) {
        assumptions.add("a percentile was asked: " + PERCENTILE_NOTE);
      }
      String group = endpoints ? "service, http_route" : services ? "service" : null;
      if (endpoints && measure != Measure.SLOWEST_TRACES && measure != Measure.LIST) {
        where.add("http_route IS NOT NULL");
      }
      String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
      String duration = "CAST(duration_ms AS DECIMAL(18, 6))";
      String sql;
      String explanation;
      switch (measure) {
        case ERROR_RATE -> {
          String g = group == null ? (service == null ? "service" : null) : group;
          String errorCount = "SUM(CASE WHEN span_status = 'ERROR' THEN 1 ELSE 0 END)";
          sql =
              "SELECT "
                  + (g == null ? "" : g + ", ")
                  + "COUNT(*) AS requests, "
                  + errorCount
                  + " AS errors, ROUND(100 * CAST("
                  + errorCount
                  + " AS DECIMAL(18, 6)) / COUNT(*), 2) AS error_rate_pct FROM "
                  + TABLE
                  + filter
                  + (g == null ? "" : " GROUP BY " + g + " ORDER BY error_rate_pct DESC, " + g);
          explanation =
              "Counts "
                  + what
                  + " and those with status ERROR"
                  + (g == null ? "" : " per " + g)
                  + ", and the share that failed in percent";
          assumptions.add("error_rate_pct is 100 × errors / requests, rounded to 2 decimals");
        }
        case LATENCY -> {
          String stats =
              "COUNT(*) AS requests, ROUND(AVG("
                  + duration
                  + "), 1) AS avg_ms, ROUND(MAX("
                  + duration
                  + "), 1) AS max_ms";
          String order = descending ? "DESC" : "ASC";
          sql =
              "SELECT "
                  + (group == null ? "" : group + ", ")
                  + stats
                  + " FROM "
                  + TABLE
                  + filter
                  + (group == null
                      ? ""
                      : " GROUP BY "
                          + group
                          + " ORDER BY avg_ms "
                          + order
                          + ", "
                          + group
                          + " LIMIT "
                          + (limit > 0 ? limit : 10));
          explanation =
              group == null
                  ? "Computes the average and the maximum duration (ms) of " + what
                  : "Ranks "
                      + (endpoints ? "endpoints (service and route)" : "services")
                      + " by the average duration (ms) of their "
                      + what
                      + (descending ? ", slowest" : ", fastest")
                      + " first, with the maximum and the number of requests";
          assumptions.add("avg_ms and max_ms are rounded to 0.1 ms");
        }
        case SLOWEST_TRACES -> {
          where.add("parent_span_id IS NULL");
          filter = " WHERE " + String.join(" AND ", where);
          sql =
              "SELECT event_time, trace_id, service, span_name, "
                  + duration
                  + " AS duration, span_status FROM "
                  + TABLE
                  + filter
                  + " ORDER BY duration "
                  + (descending ? "DESC" : "ASC")
                  + ", trace_id LIMIT "
                  + (limit > 0 ? limit : 10);
          explanation =
              "Lists the "
                  + (descending ? "slowest" : "fastest")
                  + " traces by the duration (ms) of their root span";
          assumptions.add(
              "a trace's duration is its root span's (the span with no parent_span_id)");
        }
        case COUNT -> {
          String alias =
              traces && !requests
                  ? "traces"
                  : errors ? "errors" : serverOnly ? "requests" : "spans";
          String counted = traces && !requests ? "COUNT(DISTINCT trace_id)" : "COUNT(*)";
          sql =
              "SELECT "
                  + (group == null ? "" : group + ", ")
                  + counted
                  + " AS "
                  + alias
                  + " FROM "
                  + TABLE
                  + filter
                  + (group == null
                      ? ""
                      : " GROUP BY " + group + " ORDER BY " + alias + " DESC, " + group);
          explanation =
              "Counts "
                  + (traces && !requests ? "the traces of " : "")
                  + what
                  + (group == null ? "" : " per " + group);
        }
        case WHICH -> {
          String g = group == null ? "service" : group;
          String alias = errors ? "errors" : serverOnly ? "requests" : "spans";
          sql =
              "SELECT "
                  + g
                  + ", COUNT(*) AS "
                  + alias
                  + " FROM "
                  + TABLE
                  + filter
                  + " GROUP BY "
                  + g
                  + " ORDER BY "
                  + alias
                  + " DESC, "
                  + g;
          explanation =
              "Lists each "
                  + (endpoints ? "endpoint (service and route)" : "service")
                  + " with its number of "
                  + what
                  + ", most first";
        }
        case LIST -> {
          sql =
              "SELECT event_time, trace_id, span_id, service, span_name, span_kind, duration_ms,"
                  + " http_route, http_status, span_status, status_message FROM "
                  + TABLE
                  + filter
                  + " ORDER BY event_time DESC";
          explanation = "Lists " + what + ", newest first";
        }
        default -> throw new IllegalStateException("unknown measure " + measure);
      }
      String window =
          " between "
              + OfflinePlanner.format(request.window().range().start())
              + " and "
              + OfflinePlanner.format(request.window().range().end())
              + " UTC.";
      return new Proposal.Sql(bind(sql, params), explanation + window, assumptions);
    }
  }

  /** The SQL with its {@code ?} replaced by the literals, in order, as neutral SQL text. */
  static String bind(String template, List<SqlNode> literals) {
    SqlNode node = SqlGuard.parse(template);
    SqlNode bound =
        node.accept(
            new SqlShuttle() {
              @Override
              public SqlNode visit(SqlDynamicParam param) {
                return literals.get(param.getIndex());
              }
            });
    return SqlGuard.neutral(bound);
  }

  private static Optional<MatchResult> take(StringBuilder text, Pattern p) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    MatchResult r = m.toMatchResult();
    blank(text, m.start(), m.end());
    return Optional.of(r);
  }

  private static void blank(StringBuilder text, int start, int end) {
    for (int i = start; i < end; i++) {
      text.setCharAt(i, ' ');
    }
  }

  private static List<String> leftovers(CharSequence text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String w = m.group();
      if (!OfflinePlanner.STOPWORDS.contains(w) && !w.matches("\\d+")) {
        out.add(w);
      }
    }
    return out;
  }
}
