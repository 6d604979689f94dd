package io.mantissa.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.soar.ApprovalOutcome;
import io.mantissa.soar.ResponseAttempt;
import io.mantissa.soar.ResponseRequest;
import io.mantissa.soar.ResponseTrigger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The response routes of the HTTP API, behind its API-key filter (every {@code /api} route):
 *
 * <ul>
 *   <li>{@code GET /api/v1/responses?state=&limit=}: response requests, newest first ({@code
 *       state}: comma-separated {@code awaiting, scheduled, running, done, failed, rejected,
 *       expired}; {@code limit} 1 to 1000, default 100);
 *   <li>{@code GET /api/v1/responses/audit?limit=}: the audit log (attempts and approval
 *       decisions), newest first;
 *   <li>{@code GET /api/v1/responses/{id}}: one request;
 *   <li>{@code POST /api/v1/responses/{id}/approve} and {@code /reject}: {@code {"approver": "...",
 *       "comment": "..."}}; 200 with the request when this call decided, 400 without an approver,
 *       403 when the rule names other approvers, 404 for an unknown id, 409 when it was already
 *       decided or has expired.
 * </ul>
 *
 * Without {@code mantissa.providers.responses.rules.*} the lists are empty ({@code "configured":
 * false}) and decisions answer 404.
 */
final class ResponsesApi {
  private static final String JSON = "application/json";

  private final Installation installation;
  private final ObjectMapper mapper;

  ResponsesApi(Installation installation, ObjectMapper mapper) {
    this.installation = Objects.requireNonNull(installation, "installation");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** Adds the routes; the caller's {@code /api/*} filter authenticates them. */
  void routes(Javalin app) {
    app.get("/api/v1/responses", this::list);
    app.get("/api/v1/responses/audit", this::audit); // before {id}
    app.get("/api/v1/responses/{id}", this::one);
    app.post("/api/v1/responses/{id}/approve", ctx -> decide(ctx, true));
    app.post("/api/v1/responses/{id}/reject", ctx -> decide(ctx, false));
  }

  private Optional<ResponseTrigger> trigger() {
    return installation.alerting().responses();
  }

  private void list(Context ctx) throws JsonProcessingException {
    int limit = ResponseViews.limit(ctx.queryParam("limit"));
    var states = ResponseViews.states(ctx.queryParam("state"));
    List<Map<String, Object>> out = new ArrayList<>();
    trigger()
        .ifPresent(
            t ->
                ResponseViews.list(t, states, limit)
                    .forEach(r -> out.add(ResponseViews.toJson(r))));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("configured", trigger().isPresent());
    body.put("requests", out);
    body.put("count", out.size());
    json(ctx, 200, body);
  }

  private void audit(Context ctx) throws JsonProcessingException {
    int limit = ResponseViews.limit(ctx.queryParam("limit"));
    List<Map<String, Object>> out = new ArrayList<>();
    if (trigger().isPresent()) {
      for (ResponseAttempt a : trigger().get().recentAuditLog(limit)) {
        out.add(ResponseViews.toJson(a));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("configured", trigger().isPresent());
    body.put("entries", out);
    body.put("count", out.size());
    json(ctx, 200, body);
  }

  private void one(Context ctx) throws JsonProcessingException {
    String id = ctx.pathParam("id");
    Optional<ResponseRequest> r = trigger().flatMap(t -> t.get(id));
    if (r.isEmpty()) {
      notFound(ctx, id);
      return;
    }
    json(ctx, 200, ResponseViews.toJson(r.get()));
  }

  private void decide(Context ctx, boolean approve) throws IOException {
    String id = ctx.pathParam("id");
    JsonNode request =
        ApiServer.jsonBody(
            ctx,
            installation.config().maxBodyBytes(),
            mapper,
            "{\"approver\": \"...\", \"comment\": \"...\"}");
    String approver = ApiServer.text(request, "approver");
    String comment = ApiServer.text(request, "comment");
    if (approver == null || approver.isBlank()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "'approver' is required: {\"approver\": \"you@example.com\", \"comment\": \"why\"}");
    }
    if (trigger().isEmpty()) {
      notFound(ctx, id);
      return;
    }
    ResponseTrigger t = trigger().get();
    ApprovalOutcome outcome =
        approve
            ? t.approve(id, approver, comment == null ? "" : comment)
            : t.reject(id, approver, comment == null ? "" : comment);
    int status = ResponseViews.status(outcome);
    Map<String, Object> body = new LinkedHashMap<>();
    if (status == 200) {
      body.put("message", outcome.message());
    } else {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", ResponseViews.code(outcome));
      error.put("message", outcome.message());
      body.put("error", error);
    }
    requestOf(outcome).ifPresent(r -> body.put("request", ResponseViews.toJson(r)));
    json(ctx, status, body);
  }

  private static Optional<ResponseRequest> requestOf(ApprovalOutcome outcome) {
    if (outcome instanceof ApprovalOutcome.Decided d) {
      return Optional.of(d.request());
    } else if (outcome instanceof ApprovalOutcome.AlreadyDecided a) {
      return Optional.of(a.request());
    } else if (outcome instanceof ApprovalOutcome.Expired e) {
      return Optional.of(e.request());
    } else if (outcome instanceof ApprovalOutcome.NotAnApprover n) {
      return Optional.of(n.request());
    }
    return Optional.empty();
  }

  private void notFound(Context ctx, String id) throws JsonProcessingException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "NOT_FOUND");
    error.put(
        "message",
        trigger().isEmpty()
            ? "automatic response is not configured (mantissa.providers.responses.rules.*)"
            : "no response request with id '" + id + "'");
    json(ctx, 404, Map.of("error", error));
  }

  private void json(Context ctx, int status, Object body) throws JsonProcessingException {
    ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
  }
}
