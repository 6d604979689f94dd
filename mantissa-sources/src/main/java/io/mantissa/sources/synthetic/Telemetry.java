package io.mantissa.sources.synthetic;

import static io.mantissa.sources.synthetic.Emitter.map;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The shop's telemetry as OpenTelemetry would export it over OTLP/HTTP with JSON: sources {@code
 * otel_traces} (one {@code ExportTraceServiceRequest} per service and five minutes) and {@code
 * otel_metrics} (one {@code ExportMetricsServiceRequest} per service and fifteen minutes).
 *
 * <p>Three instrumented services: {@code frontend} serves {@code GET /}, {@code GET
 * /products/{id}}, {@code GET /cart} and {@code POST /checkout}; a checkout calls {@code checkout}
 * ({@code POST /api/checkout}), which calls {@code payments} ({@code POST /api/charge}), which
 * writes to its PostgreSQL database ({@code payments-db}, a client span of {@code payments}).
 * Traffic follows the working day (UTC, less at weekends); latencies are log-normal around
 * realistic medians; about 1 % of charges fail (a card processor timeout, 502 up the chain), 3 % of
 * product pages are 404s (not errors, as the semantic conventions say for server spans) and a few
 * cart pages fail with 500. From three hours before the end, for 45 minutes, the payments database
 * is slow (median 350 ms instead of 8 ms): a flash sale brings 1.5 times the traffic, half of it
 * checkouts, and a quarter of the charges fail with 503.
 *
 * <p>Metrics: the delta histogram {@code http.server.request.duration} (ms) per service and route,
 * and the gauge {@code process.cpu.utilization} per service.
 *
 * <p>It draws from its own random stream after everything else is generated, so the other sources'
 * records are the same with or without it.
 */
final class Telemetry {
  static final String TRACES = "otel_traces";
  static final String METRICS = "otel_metrics";

  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final int METRIC_WINDOWS = 3;
  private static final List<Double> BOUNDS =
      List.of(5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0);
  private static final String[] SERVICES = {"frontend", "checkout", "payments"};

  private final Emitter g;
  private Random random;

  /** Spans of the current window: service → scope → spans. */
  private final Map<String, Map<String, List<Map<String, Object>>>> spans = new LinkedHashMap<>();

  /** Server span durations of the current metric interval: service → route → durations. */
  private final Map<String, Map<String, List<Double>>> durations = new LinkedHashMap<>();

  Telemetry(Emitter g) {
    this.g = g;
  }

  /** Adds the telemetry of the enabled {@code otel_*} sources; nothing when neither is enabled. */
  void run(long seed) {
    boolean traces = g.enabled(TRACES);
    boolean metrics = g.enabled(METRICS);
    if (!traces && !metrics) {
      return;
    }
    random = new Random(seed * 0x9E3779B97F4A7C15L + 0x0A9E1L);
    g.random = random;
    long step = WINDOW.toMillis();
    Instant first = Instant.ofEpochMilli((g.start.toEpochMilli() + step - 1) / step * step);
    Instant slowStart =
        Instant.ofEpochMilli(g.end.minus(Duration.ofHours(3)).toEpochMilli() / step * step);
    Instant slowEnd = slowStart.plus(Duration.ofMinutes(45));
    int index = 0;
    Instant flushed = first;
    // every export strictly before the end, like every other source (time ranges end exclusive)
    for (Instant w = first; w.plus(WINDOW).isBefore(g.end); w = w.plus(WINDOW), index++) {
      boolean slow = !w.isBefore(slowStart) && w.isBefore(slowEnd);
      int requests = requests(w, slow);
      List<Instant> starts = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        starts.add(w.plusMillis((long) (random.nextDouble() * (step - 2_000))));
      }
      starts.sort(null);
      for (Instant t : starts) {
        request(t, slow);
      }
      Instant end = w.plus(WINDOW);
      if (traces) {
        exportSpans(end);
      }
      spans.clear();
      if ((index + 1) % METRIC_WINDOWS == 0) {
        if (metrics) {
          exportMetrics(flushed, end);
        }
        durations.clear();
        flushed = end;
      }
    }
  }

  /** How many requests start in the five minutes from {@code w}: a working-day curve (UTC). */
  private int requests(Instant w, boolean slow) {
    ZonedDateTime t = w.atZone(ZoneOffset.UTC);
    double hour = t.getHour() + t.getMinute() / 60.0;
    double day = Math.max(0, Math.sin(Math.PI * (hour - 8) / 14));
    double rate = 2 + 6 * day;
    if (t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
      rate *= 0.6;
    }
    if (slow) {
      rate *= 1.5;
    }
    return (int) Math.max(0, Math.round(rate + random.nextGaussian() * Math.sqrt(rate)));
  }

  private double logNormal(double median, double sigma) {
    return median * Math.exp(sigma * random.nextGaussian());
  }

  /** Milliseconds as nanoseconds, to the microsecond. */
  private static long nanos(double millis) {
    return Math.round(millis * 1_000) * 1_000;
  }

  private void request(Instant t, boolean slow) {
    String trace = id(32);
    long start = t.getEpochSecond() * 1_000_000_000L + t.getNano() + random.nextInt(1_000) * 1_000L;
    int pick = random.nextInt(100);
    if (slow && pick < 40) {
      pick = 85 + pick % 15; // the flash sale: half of the requests are checkouts
    }
    if (pick < 35) {
      page(trace, start, "GET", "/", "/", logNormal(22, 0.35), 200, null);
    } else if (pick < 70) {
      int product = 1_000 + random.nextInt(400);
      boolean missing = random.nextInt(100) < 3;
      page(
          trace,
          start,
          "GET",
          "/products/{id}",
          "/products/" + product,
          logNormal(missing ? 9 : 48, 0.35),
          missing ? 404 : 200,
          null);
    } else if (pick < 85) {
      boolean broken = random.nextInt(1_000) < 4;
      page(
          trace,
          start,
          "GET",
          "/cart",
          "/cart",
          logNormal(30, 0.35),
          broken ? 500 : 200,
          broken ? "Internal Server Error: cart session store unavailable" : null);
    } else {
      checkout(trace, start, slow);
    }
  }

  private void page(
      String trace,
      long start,
      String method,
      String route,
      String path,
      double ms,
      int status,
      String error) {
    server(
        "frontend",
        trace,
        id(16),
        "",
        method + " " + route,
        start,
        nanos(ms),
        method,
        route,
        path,
        status,
        error);
  }

  /** frontend → checkout → payments → payments-db, each child inside its parent. */
  private void checkout(String trace, long start, boolean slow) {
    double db = logNormal(slow ? 350 : 8, slow ? 0.5 : 0.35);
    boolean failed = random.nextInt(1_000) < (slow ? 250 : 10);
    boolean dbFailed = failed && slow;
    if (dbFailed) {
      db = Math.max(db, 1_000 + random.nextDouble() * 500);
    }
    double dbAt = 1 + random.nextDouble() * 2;
    double payments = dbAt + db + logNormal(45, 0.3);
    if (failed && !slow) {
      payments = Math.max(payments, 2_000 + random.nextDouble() * 1_000); // processor timeout
    }
    double paymentsAt = 2 + random.nextDouble() * 3;
    double checkout = paymentsAt + payments + logNormal(12, 0.3);
    double checkoutAt = 2 + random.nextDouble() * 3;
    double frontend = checkoutAt + checkout + logNormal(8, 0.3);
    String frontendId = id(16);
    String checkoutId = id(16);
    String paymentsId = id(16);
    String dbId = id(16);
    int status = failed ? (slow ? 503 : 502) : 200;
    int upstream = failed ? 502 : 200;
    server(
        "frontend",
        trace,
        frontendId,
        "",
        "POST /checkout",
        start,
        nanos(frontend),
        "POST",
        "/checkout",
        "/checkout",
        upstream,
        failed ? "checkout failed: payments returned 502" : null);
    long checkoutStart = start + nanos(checkoutAt);
    server(
        "checkout",
        trace,
        checkoutId,
        frontendId,
        "POST /api/checkout",
        checkoutStart,
        nanos(checkout),
        "POST",
        "/api/checkout",
        "/api/checkout",
        upstream,
        failed ? "payments returned " + status : null);
    long paymentsStart = checkoutStart + nanos(paymentsAt);
    server(
        "payments",
        trace,
        paymentsId,
        checkoutId,
        "POST /api/charge",
        paymentsStart,
        nanos(payments),
        "POST",
        "/api/charge",
        "/api/charge",
        status,
        failed
            ? (slow
                ? "database timeout: could not acquire a connection within 1000 ms"
                : "card processor timeout after 2000 ms")
            : null);
    List<Map<String, Object>> attributes =
        List.of(
            attribute("db.system", "postgresql"),
            attribute("db.namespace", "payments"),
            attribute("db.operation.name", "INSERT"),
            attribute("db.collection.name", "charges"),
            attribute("server.address", "payments-db"),
            attribute("server.port", 5432L));
    add(
        "payments",
        "io.opentelemetry.jdbc",
        span(
            trace,
            dbId,
            paymentsId,
            "INSERT payments.charges",
            3,
            paymentsStart + nanos(dbAt),
            nanos(db),
            attributes,
            dbFailed ? "timeout acquiring connection from pool" : null));
  }

  private void server(
      String service,
      String trace,
      String spanId,
      String parent,
      String name,
      long start,
      long duration,
      String method,
      String route,
      String path,
      int status,
      String error) {
    List<Map<String, Object>> attributes = new ArrayList<>();
    attributes.add(attribute("http.request.method", method));
    attributes.add(attribute("http.route", route));
    attributes.add(attribute("url.path", path));
    attributes.add(attribute("url.scheme", "https"));
    attributes.add(attribute("http.response.status_code", (long) status));
    if (service.equals("frontend")) {
      attributes.add(attribute("server.address", "shop.acme.example"));
    }
    add(
        service,
        scopeOf(service),
        span(trace, spanId, parent, name, 2, start, duration, attributes, error));
    durations
        .computeIfAbsent(service, s -> new LinkedHashMap<>())
        .computeIfAbsent(route, r -> new ArrayList<>())
        .add(duration / 1_000_000.0);
  }

  private static String scopeOf(String service) {
    return service.equals("frontend")
        ? "@opentelemetry/instrumentation-http"
        : "io.opentelemetry.spring-webmvc-6.0";
  }

  private static Map<String, Object> span(
      String trace,
      String spanId,
      String parent,
      String name,
      int kind,
      long start,
      long duration,
      List<Map<String, Object>> attributes,
      String error) {
    Map<String, Object> s = map("traceId", trace, "spanId", spanId);
    if (!parent.isEmpty()) {
      s.put("parentSpanId", parent);
    }
    s.put("name", name);
    s.put("kind", kind);
    s.put("startTimeUnixNano", Long.toString(start));
    s.put("endTimeUnixNano", Long.toString(start + duration));
    s.put("attributes", attributes);
    s.put("status", error == null ? map() : map("code", 2, "message", error));
    return s;
  }

  private void add(String service, String scope, Map<String, Object> span) {
    spans
        .computeIfAbsent(service, s -> new LinkedHashMap<>())
        .computeIfAbsent(scope, s -> new ArrayList<>())
        .add(span);
  }

  private static Map<String, Object> attribute(String key, Object value) {
    Object v =
        value instanceof Long l
            ? map("intValue", Long.toString(l))
            : value instanceof Double d ? map("doubleValue", d) : map("stringValue", value);
    return map("key", key, "value", v);
  }

  private static Map<String, Object> resource(String service) {
    return map(
        "attributes",
        List.of(
            attribute("service.name", service),
            attribute("service.namespace", "shop"),
            attribute("service.version", service.equals("frontend") ? "3.2.0" : "1.14.2"),
            attribute("deployment.environment.name", "production"),
            attribute("telemetry.sdk.name", "opentelemetry"),
            attribute("telemetry.sdk.language", service.equals("frontend") ? "nodejs" : "java")));
  }

  private void exportSpans(Instant at) {
    for (String service : SERVICES) {
      Map<String, List<Map<String, Object>>> scopes = spans.get(service);
      if (scopes == null) {
        continue;
      }
      List<Object> scopeSpans = new ArrayList<>();
      scopes.forEach(
          (scope, list) ->
              scopeSpans.add(
                  map(
                      "scope",
                      map("name", scope, "version", scope.startsWith("@") ? "0.57.0" : "2.10.0"),
                      "spans",
                      list)));
      g.add(
          TRACES,
          at,
          map(
              "resourceSpans",
              List.of(map("resource", resource(service), "scopeSpans", scopeSpans))));
    }
  }

  private void exportMetrics(Instant from, Instant to) {
    String start = Long.toString(from.toEpochMilli() * 1_000_000L);
    String time = Long.toString(to.toEpochMilli() * 1_000_000L);
    for (String service : SERVICES) {
      Map<String, List<Double>> routes = durations.getOrDefault(service, Map.of());
      List<Object> points = new ArrayList<>();
      int requests = 0;
      for (Map.Entry<String, List<Double>> e : routes.entrySet()) {
        List<Double> ds = e.getValue();
        requests += ds.size();
        List<String> counts = new ArrayList<>();
        for (int b = 0; b <= BOUNDS.size(); b++) {
          double lower = b == 0 ? Double.NEGATIVE_INFINITY : BOUNDS.get(b - 1);
          double upper = b == BOUNDS.size() ? Double.POSITIVE_INFINITY : BOUNDS.get(b);
          counts.add(Long.toString(ds.stream().filter(d -> d > lower && d <= upper).count()));
        }
        points.add(
            map(
                "startTimeUnixNano", start,
                "timeUnixNano", time,
                "count", Integer.toString(ds.size()),
                "sum", round(ds.stream().mapToDouble(Double::doubleValue).sum()),
                "min", round(ds.stream().mapToDouble(Double::doubleValue).min().orElse(0)),
                "max", round(ds.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                "bucketCounts", counts,
                "explicitBounds", BOUNDS,
                "attributes",
                    List.of(
                        attribute("http.route", e.getKey()),
                        attribute(
                            "http.request.method",
                            e.getKey().equals("/api/charge")
                                    || e.getKey().equals("/api/checkout")
                                    || e.getKey().equals("/checkout")
                                ? "POST"
                                : "GET"))));
      }
      double cpu =
          Math.min(0.95, Math.max(0.01, 0.04 + 0.004 * requests + 0.01 * random.nextGaussian()));
      List<Object> metrics = new ArrayList<>();
      metrics.add(
          map(
              "name", "process.cpu.utilization",
              "description", "Difference in process.cpu.time since the last measurement",
              "unit", "1",
              "gauge",
                  map("dataPoints", List.of(map("asDouble", round4(cpu), "timeUnixNano", time)))));
      if (!points.isEmpty()) {
        metrics.add(
            map(
                "name", "http.server.request.duration",
                "description", "Duration of HTTP server requests.",
                "unit", "ms",
                "histogram", map("aggregationTemporality", 1, "dataPoints", points)));
      }
      g.add(
          METRICS,
          to,
          map(
              "resourceMetrics",
              List.of(
                  map(
                      "resource",
                      resource(service),
                      "scopeMetrics",
                      List.of(
                          map(
                              "scope",
                              map(
                                  "name",
                                  "io.opentelemetry.runtime-telemetry",
                                  "version",
                                  "2.10.0"),
                              "metrics",
                              metrics))))));
    }
  }

  private static double round(double v) {
    return Math.round(v * 1_000) / 1_000.0;
  }

  private static double round4(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /** A random lower-case hex id that is not all zeros. */
  private String id(int digits) {
    String id;
    do {
      id = g.hex(digits);
    } while (id.chars().allMatch(c -> c == '0'));
    return id;
  }
}
