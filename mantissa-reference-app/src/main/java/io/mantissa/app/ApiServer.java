package io.mantissa.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.AlertRecord;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.itdr.RiskContribution;
import io.mantissa.itdr.RiskProfile;
import io.mantissa.nlq.Answer;
import io.mantissa.nlq.Ask;
import io.mantissa.nlq.CacheStats;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.ProgressListener;
import io.mantissa.sources.collect.PushReceiver;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of the reference app.
 *
 * <ul>
 *   <li>{@code GET /health}: status, version, data directory and known sources;
 *   <li>{@code POST /api/v1/ingest/{source}}: an NDJSON body, streamed; answers {@code {accepted,
 *       rejected, errors:[{line, reason}]}};
 *   <li>{@code POST /api/v1/query}: {@code {sql, from, to, limit}}; answers {@code {columns, rows,
 *       truncated, elapsedMs, estimate}};
 *   <li>{@code GET /api/v1/alerts?status=&severity=&rule=&limit=}: alerts, newest first;
 *   <li>{@code GET /api/v1/alerts/{id}}: one alert with its audit trail;
 *   <li>{@code PATCH /api/v1/alerts/{id}}: {@code {status, by, reason, exceptionFor}} changes its
 *       status (see {@link AlertViews} for the allowed changes);
 *   <li>{@code GET /api/v1/identities/riskiest}, {@code /api/v1/identities/{id}/risk|timeline|
 *       findings|baseline}: identity risk, activity, open findings and learned baseline;
 *   <li>{@code GET /api/v1/responses?state=}, {@code GET /api/v1/responses/audit}, {@code POST
 *       /api/v1/responses/{id}/approve|reject}: response requests, their audit log and approvals
 *       ({@link ResponsesApi});
 *   <li>{@code POST /v1/traces}, {@code POST /v1/metrics}: OTLP/HTTP (JSON or protobuf) into the
 *       lake ({@link OtlpReceiver});
 *   <li>{@code POST /api/v1/push/{source}}: a vendor's push delivery ({@code kubernetes}: the
 *       kube-apiserver audit webhook; {@code jamf_pro}: Jamf Pro webhooks), handled by the {@link
 *       PushReceiver} of each source whose {@code mantissa.providers.<source>-push.*} settings are
 *       configured; it answers what the receiver says (200, 400, 401, 413, 415, 503).
 * </ul>
 *
 * Errors are {@code {"error":{"code":..., "message":...}}} with the status of the {@link
 * ErrorCode}. Closed by default: with API keys configured, every {@code /api} route needs {@code
 * Authorization: Bearer <key>} or {@code X-API-Key}; without keys the server binds only to loopback
 * addresses. The push routes are the exception: senders such as kube-apiserver cannot send an API
 * key, so each receiver checks its own credential (required by its settings) instead. No CORS
 * headers are sent.
 */
final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String JSON = "application/json";
  private static final Pattern PUSH_PATH = Pattern.compile("/api/v1/push/[a-z_]{1,40}");

  private final Installation installation;
  private final String version;
  private final ObjectMapper mapper = JsonMapper.builder().build();
  private volatile Map<String, PushReceiver> receivers = Map.of();
  private Javalin app;

  ApiServer(Installation installation, String version) {
    this.installation = Objects.requireNonNull(installation, "installation");
    this.version = Objects.requireNonNull(version, "version");
  }

  /**
   * Binds and starts serving.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} when no API keys are configured
   *     and the host is not a loopback address
   */
  synchronized ApiServer start() {
    MantissaConfig config = installation.config();
    requireSafeBinding(config);
    receivers = pushReceivers(installation);
    app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.startupWatcherEnabled = false;
              c.http.maxRequestSize = config.maxBodyBytes();
              c.http.defaultContentType = JSON;
            });
    app.before("/api/*", this::authenticate);
    app.get("/health", this::health);
    app.post("/api/v1/ingest/{source}", this::ingest);
    app.post("/api/v1/query", this::query);
    app.post("/api/v1/ask", this::ask);
    app.get("/api/v1/ask/stats", this::askStats);
    app.get("/api/v1/identities/riskiest", this::riskiest);
    app.get("/api/v1/identities/{identity}/risk", this::risk);
    app.get("/api/v1/identities/{identity}/timeline", this::timeline);
    app.get("/api/v1/identities/{identity}/findings", this::findings);
    app.get("/api/v1/identities/{identity}/baseline", this::baseline);
    app.get("/api/v1/alerts", this::alerts);
    app.get("/api/v1/alerts/{id}", this::alert);
    app.patch("/api/v1/alerts/{id}", this::patchAlert);
    new ResponsesApi(installation, mapper).routes(app); // /api/v1/responses, approvals, audit
    app.post("/api/v1/push/{source}", this::push);
    new OtlpReceiver(installation).routes(app, this::authenticate); // POST /v1/traces, /v1/metrics
    app.exception(MantissaException.class, (e, ctx) -> mantissaError(e, ctx));
    app.exception(HttpResponseException.class, (e, ctx) -> httpError(e, ctx));
    app.exception(Exception.class, (e, ctx) -> unexpected(e, ctx));
    try {
      app.start(config.serverHost(), config.serverPort());
    } catch (RuntimeException e) {
      app.stop();
      app = null;
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "cannot listen on "
              + config.serverHost()
              + ":"
              + config.serverPort()
              + " (is the port in use? set mantissa.server.port): "
              + rootMessage(e),
          e);
    }
    LOG.info("listening on http://{}:{}", config.serverHost(), app.port());
    return this;
  }

  /** The bound port. */
  synchronized int port() {
    if (app == null) {
      throw new IllegalStateException("server is not started");
    }
    return app.port();
  }

  /** The sources with a push receiver, in the order of {@link PushReceiver#sources()}. */
  synchronized List<String> pushSources() {
    return List.copyOf(receivers.keySet());
  }

  /**
   * The settings of {@code source}'s push receiver: {@code mantissa.providers.<source>-push.*}
   * ({@code kubernetes-push}, {@code jamf-pro-push}), and the same group spelt with underscores
   * ({@code jamf_pro_push}: what {@code MANTISSA_PROVIDERS_JAMF_PRO_PUSH__SECRET} sets).
   */
  static Map<String, String> pushSettings(MantissaConfig config, String source) {
    String group = source.replace('_', '-') + "-push";
    Map<String, String> settings =
        new LinkedHashMap<>(config.providerSettings(group.replace('-', '_')));
    settings.putAll(config.providerSettings(group));
    return settings;
  }

  /**
   * A receiver for each push source whose settings are configured, ingesting through {@link
   * Installation#ingest}.
   *
   * @throws MantissaException with {@link ErrorCode#CONFIG_INVALID} for bad settings
   */
  private static Map<String, PushReceiver> pushReceivers(Installation installation) {
    Map<String, PushReceiver> out = new LinkedHashMap<>();
    for (String source : PushReceiver.sources()) {
      Map<String, String> settings = pushSettings(installation.config(), source);
      if (settings.isEmpty()) {
        continue;
      }
      out.put(
          source,
          PushReceiver.builder(source)
              .settings(settings)
              .clock(installation.clock())
              .deadLetters(installation.eventStore().deadLetters())
              .ingest(
                  (in, origin) ->
                      installation.ingest(
                          source, in, origin, ProgressListener.NONE, Duration.ofSeconds(10)))
              .build());
      LOG.info("push receiver for {} on POST /api/v1/push/{}", source, source);
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static void requireSafeBinding(MantissaConfig config) {
    if (!config.apiKeys().isEmpty()) {
      return;
    }
    String host = config.serverHost();
    boolean loopback;
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      loopback = addresses.length > 0;
      for (InetAddress address : addresses) {
        loopback &= address.isLoopbackAddress();
      }
    } catch (UnknownHostException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "cannot resolve server host '" + host + "'", e);
    }
    if (!loopback) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "refusing to listen on '"
              + host
              + "' without API keys: the API would be open to the network. Set"
              + " mantissa.server.api-keys (or MANTISSA_SERVER_API_KEYS), or bind to a loopback"
              + " address such as 127.0.0.1");
    }
  }

  private void authenticate(Context ctx) {
    List<Secret> keys = installation.config().apiKeys();
    if (keys.isEmpty()) {
      return;
    }
    if (isPush(ctx)) {
      return; // the push receiver checks the sender's own credential
    }
    String candidate = null;
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      candidate = authorization.substring(7).trim();
    } else if (ctx.header("X-API-Key") != null) {
      candidate = ctx.header("X-API-Key").trim();
    }
    boolean ok = false;
    if (candidate != null) {
      for (Secret key : keys) {
        ok |= key.matches(candidate); // no short-circuit: every key is compared
      }
    }
    if (!ok) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new MantissaException(
          ErrorCode.UNAUTHORIZED,
          candidate == null
              ? "this API needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key:"
                  + " <key>'"
              : "the API key is not valid");
    }
  }

  /** Whether the request is for {@link #push}: exactly {@code POST /api/v1/push/<source>}. */
  private static boolean isPush(Context ctx) {
    return "POST".equals(ctx.req().getMethod())
        && PUSH_PATH.matcher(ctx.req().getRequestURI()).matches();
  }

  private void push(Context ctx) throws IOException {
    String source = ctx.pathParam("source");
    PushReceiver receiver = receivers.get(source);
    if (receiver == null) {
      error(
          ctx,
          404,
          "NOT_FOUND",
          "no push receiver for '"
              + source
              + "' (configure mantissa.providers.<source>-push.*; push sources: "
              + String.join(", ", PushReceiver.sources())
              + ")");
      return;
    }
    Function<String, Optional<String>> headers = name -> Optional.ofNullable(ctx.header(name));
    PushReceiver.Response response;
    if (!receiver.authorized(headers)) {
      response = receiver.unauthorized();
    } else if (ctx.req().getContentLengthLong() > receiver.maxBodyBytes()) {
      response = receiver.tooLarge();
    } else {
      try (InputStream body = ctx.req().getInputStream()) {
        response = receiver.receive(headers, body);
      }
    }
    response.headers().forEach(ctx::header);
    ctx.status(response.status()).contentType(JSON).result(response.body());
  }

  private void health(Context ctx) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("version", version);
    body.put("dataDir", installation.config().dataDir().toAbsolutePath().toString());
    body.put("sources", List.copyOf(installation.sources().ids()));
    json(ctx, 200, body);
  }

  private void ingest(Context ctx) throws IOException {
    String source = ctx.pathParam("source");
    if (!installation.sources().contains(source)) {
      throw installation.sources().unknownSource(source);
    }
    long max = installation.config().maxBodyBytes();
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw LimitedInputStream.tooLarge(max);
    }
    IngestReport report;
    try (InputStream body = new LimitedInputStream(ctx.req().getInputStream(), max)) {
      report =
          installation.ingest(
              source, body, "request body", ProgressListener.NONE, Duration.ofSeconds(10));
    } catch (UncheckedIOException e) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "could not read the request body: " + e.getMessage(), e);
    }
    List<Map<String, Object>> errors = new ArrayList<>();
    for (IngestReport.LineError error : report.errors()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("line", error.line());
      e.put("reason", error.reason());
      errors.add(e);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source", source);
    body.put("accepted", report.accepted());
    body.put("rejected", report.rejected());
    body.put("bytes", report.bytes());
    body.put("errors", errors);
    body.put("errorsTruncated", report.errorsTruncated());
    json(ctx, 200, body);
  }

  private void query(Context ctx) throws IOException {
    JsonNode request =
        jsonBody(ctx, "{\"sql\": \"SELECT ...\", \"from\": ..., \"to\": ..., \"limit\": 100}");
    String sql = text(request, "sql");
    if (sql == null || sql.isBlank()) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "'sql' is required");
    }
    TimeRange range =
        TimeArgs.range(
            text(request, "from"),
            text(request, "to"),
            text(request, "last"),
            installation.clock().instant());
    int limit = installation.config().defaultRowLimit();
    JsonNode limitNode = request.get("limit");
    if (limitNode != null && !limitNode.isNull()) {
      if (!limitNode.canConvertToInt() || !limitNode.isIntegralNumber()) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT, "'limit' must be a whole number, was " + limitNode);
      }
      limit = limitNode.intValue();
    }
    QueryResult result = installation.query(sql, range, limit);
    json(ctx, 200, QueryOutput.toJson(result, mapper));
  }

  private void ask(Context ctx) throws IOException {
    JsonNode request =
        jsonBody(
            ctx,
            "{\"question\": \"...\", \"session\": \"...\", \"dialect\": \"athena\","
                + " \"explain\": false, \"confirm\": false, \"limit\": 100}");
    String question = text(request, "question");
    if (question == null || question.isBlank()) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "'question' is required");
    }
    Ask ask;
    try {
      ask = Ask.of(question);
      String session = text(request, "session");
      if (session != null) {
        ask = ask.inSession(session);
      }
      String dialect = text(request, "dialect");
      if (dialect != null) {
        try {
          ask = ask.forDialect(SqlDialect.valueOf(dialect.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new MantissaException(
              ErrorCode.INVALID_ARGUMENT,
              "'dialect' must be duckdb, athena, bigquery or synapse, was '" + dialect + "'");
        }
      }
      if (flag(request, "explain")) {
        ask = ask.explain();
      }
      if (flag(request, "confirm")) {
        ask = ask.confirm();
      }
      JsonNode limitNode = request.get("limit");
      if (limitNode != null && !limitNode.isNull()) {
        if (!limitNode.canConvertToInt() || !limitNode.isIntegralNumber()) {
          throw new MantissaException(
              ErrorCode.INVALID_ARGUMENT, "'limit' must be a whole number, was " + limitNode);
        }
        ask = ask.limit(limitNode.intValue());
      }
    } catch (IllegalArgumentException e) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    Answer answer = installation.nlq().ask(ask);
    json(ctx, 200, AnswerViews.toJson(answer, mapper));
  }

  private void askStats(Context ctx) throws JsonProcessingException {
    CacheStats s = installation.nlq().cacheStats();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("plan_hits", s.planHits());
    body.put("plan_misses", s.planMisses());
    body.put("plan_hit_rate", s.planHitRate());
    body.put("result_hits", s.resultHits());
    body.put("result_misses", s.resultMisses());
    body.put("result_hit_rate", s.resultHitRate());
    json(ctx, 200, body);
  }

  private void riskiest(Context ctx) throws JsonProcessingException {
    int limit = 10;
    String asked = ctx.queryParam("limit");
    if (asked != null) {
      try {
        limit = Integer.parseInt(asked);
      } catch (NumberFormatException e) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT, "'limit' must be a whole number, was " + asked);
      }
      if (limit < 1 || limit > 1_000) {
        throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "'limit' must be 1-1000");
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (RiskProfile p : IdentityThreats.risk(installation).riskiest(limit, false)) {
      out.add(riskJson(p, false));
    }
    json(ctx, 200, Map.of("identities", out));
  }

  private void risk(Context ctx) throws JsonProcessingException {
    String identity = ctx.pathParam("identity").trim().toLowerCase(Locale.ROOT);
    json(ctx, 200, riskJson(IdentityThreats.risk(installation).profile(identity), true));
  }

  /** {@code ?last=7d} (default) or {@code ?from=&to=}, {@code ?limit=} 1-10000 (default 200). */
  private void timeline(Context ctx) throws JsonProcessingException {
    String identity = IdentityViews.identity(ctx.pathParam("identity"));
    String from = ctx.queryParam("from");
    String to = ctx.queryParam("to");
    String last = ctx.queryParam("last");
    TimeRange range =
        TimeArgs.range(
            from,
            to,
            last == null && from == null && to == null ? "7d" : last,
            installation.clock().instant());
    int limit = IdentityViews.limit(ctx.queryParam("limit"), 200);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("identity", identity);
    body.put("from", range.start().toString());
    body.put("to", range.end().toString());
    body.put("events", IdentityViews.timeline(installation, identity, range, limit));
    json(ctx, 200, body);
  }

  private void baseline(Context ctx) throws JsonProcessingException {
    String identity = IdentityViews.identity(ctx.pathParam("identity"));
    Map<String, Object> baseline = IdentityViews.baseline(installation, identity);
    if (baseline == null) {
      error(ctx, 404, "NOT_FOUND", "no identity events have been seen for '" + identity + "'");
      return;
    }
    json(ctx, 200, baseline);
  }

  private void findings(Context ctx) throws JsonProcessingException {
    String identity = IdentityViews.identity(ctx.pathParam("identity"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (AlertRecord r : IdentityViews.openFindings(installation, identity, 100_000)) {
      out.add(AlertViews.toJson(r));
    }
    json(ctx, 200, Map.of("identity", identity, "findings", out));
  }

  private static Map<String, Object> riskJson(RiskProfile p, boolean breakdown) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identity", p.identityKey());
    m.put("score", p.score());
    m.put("score_24h_ago", p.previousScore());
    m.put("trend", p.trend());
    m.put("at", p.at().toString());
    if (breakdown) {
      List<Map<String, Object>> parts = new ArrayList<>();
      for (RiskContribution c : p.breakdown()) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("detector", c.detectorId());
        part.put("severity", c.severity().name().toLowerCase(Locale.ROOT));
        part.put("stage", c.stage().name().toLowerCase(Locale.ROOT));
        part.put("time", c.time().toString());
        part.put("points", c.points());
        part.put("event", c.evidenceEventId());
        parts.add(part);
      }
      m.put("breakdown", parts);
    }
    return m;
  }

  private static boolean flag(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "'" + field + "' must be true or false, was " + node);
    }
    return node.booleanValue();
  }

  private void alerts(Context ctx) throws JsonProcessingException {
    Integer limit = null;
    String limitParam = ctx.queryParam("limit");
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam.trim());
      } catch (NumberFormatException e) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT, "'limit' must be a whole number, was '" + limitParam + "'");
      }
    }
    AlertViews.Filter filter =
        AlertViews.Filter.parse(
            ctx.queryParam("status"), ctx.queryParam("severity"), ctx.queryParam("rule"), limit);
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (AlertRecord r : AlertViews.list(installation.alerting().pipeline(), filter)) {
      alerts.add(AlertViews.toJson(r));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("alerts", alerts);
    body.put("count", alerts.size());
    json(ctx, 200, body);
  }

  private void alert(Context ctx) throws JsonProcessingException {
    String id = ctx.pathParam("id");
    AlertPipeline pipeline = installation.alerting().pipeline();
    Optional<AlertRecord> alert = pipeline.get(id);
    if (alert.isEmpty()) {
      alertNotFound(ctx, id);
      return;
    }
    json(ctx, 200, AlertViews.toJson(alert.get(), pipeline.auditTrail(id)));
  }

  private void patchAlert(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    JsonNode request =
        jsonBody(ctx, "{\"status\": \"acknowledged\", \"by\": \"...\", \"reason\": \"...\"}");
    AlertPipeline pipeline = installation.alerting().pipeline();
    Optional<AlertRecord> changed =
        AlertViews.changeStatus(
            pipeline,
            id,
            text(request, "status"),
            text(request, "by"),
            text(request, "reason"),
            text(request, "exceptionFor"));
    if (changed.isEmpty()) {
      alertNotFound(ctx, id);
      return;
    }
    Map<String, Object> body = AlertViews.toJson(changed.get(), pipeline.auditTrail(id));
    if (text(request, "exceptionFor") != null) {
      AlertViews.latestException(pipeline, changed.get(), text(request, "by").trim())
          .ifPresent(e -> body.put("exception", e));
    }
    json(ctx, 200, body);
  }

  private void alertNotFound(Context ctx, String id) {
    error(ctx, 404, "NOT_FOUND", "no alert with id '" + id + "'");
  }

  /** Reads a JSON object body within the body limit. */
  private JsonNode jsonBody(Context ctx, String example) throws IOException {
    return jsonBody(ctx, installation.config().maxBodyBytes(), mapper, example);
  }

  /**
   * Reads a JSON object body of at most {@code max} bytes; anything else is {@code
   * INVALID_ARGUMENT} (or too large), saying what was expected ({@code example}).
   */
  static JsonNode jsonBody(Context ctx, long max, ObjectMapper mapper, String example)
      throws IOException {
    if (ctx.req().getContentLengthLong() > max) {
      throw LimitedInputStream.tooLarge(max);
    }
    JsonNode request;
    try (InputStream body = new LimitedInputStream(ctx.req().getInputStream(), max)) {
      request = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (request == null || !request.isObject()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "request body must be a JSON object like " + example);
    }
    return request;
  }

  /**
   * A string member of a request body, or {@code null}; another type is {@code INVALID_ARGUMENT}.
   */
  static String text(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "'" + field + "' must be a string, was " + node);
    }
    return node.asText();
  }

  private void mantissaError(MantissaException e, Context ctx) {
    if (e.code().httpStatus() >= 500) {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
    }
    error(ctx, e.code().httpStatus(), e.code().name(), e.getMessage());
  }

  private void httpError(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String code =
        switch (status) {
          case 400 -> ErrorCode.INVALID_ARGUMENT.name();
          case 401, 403 -> ErrorCode.UNAUTHORIZED.name();
          case 404 -> "NOT_FOUND";
          case 405 -> "METHOD_NOT_ALLOWED";
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.name();
          default -> "HTTP_" + status;
        };
    String message =
        status == 404 ? "no endpoint " + ctx.method() + " " + ctx.path() : e.getMessage();
    error(ctx, status, code, message);
  }

  private void unexpected(Exception e, Context ctx) {
    String reference = UUID.randomUUID().toString();
    LOG.error("{} {} failed (reference {})", ctx.method(), ctx.path(), reference, e);
    error(
        ctx,
        ErrorCode.INTERNAL.httpStatus(),
        ErrorCode.INTERNAL.name(),
        "internal error; the server log has the details under reference " + reference);
  }

  private void error(Context ctx, int status, String code, String message) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", code);
    inner.put("message", message == null ? code : message);
    try {
      json(ctx, status, Map.of("error", inner));
    } catch (JsonProcessingException impossible) {
      ctx.status(status).contentType(JSON).result("{\"error\":{\"code\":\"" + code + "\"}}");
    }
  }

  private void json(Context ctx, int status, Object body) throws JsonProcessingException {
    ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
  }
}
