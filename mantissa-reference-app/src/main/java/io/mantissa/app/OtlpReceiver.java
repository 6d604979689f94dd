package io.mantissa.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.apm.ApmEvents;
import io.mantissa.apm.OtlpJson;
import io.mantissa.apm.OtlpProtobuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * The OTLP/HTTP receiver: {@code POST /v1/traces} and {@code POST /v1/metrics} with an {@code
 * ExportTraceServiceRequest} or {@code ExportMetricsServiceRequest} as OTLP/JSON ({@code
 * application/json}) or OTLP/protobuf ({@code application/x-protobuf}), optionally {@code
 * Content-Encoding: gzip}, behind the API's key check (exporters send it with {@code
 * OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer <key>}). Each span or data point is stored as one
 * event of {@code otel_traces} or {@code otel_metrics}.
 *
 * <p>Answers as the OTLP/HTTP specification says: 200 with an empty export response in the
 * request's encoding ({@code {}} or no bytes); 400 with a {@code google.rpc.Status} (JSON or
 * protobuf) naming where the request is wrong, the request kept as a dead letter (protobuf bodies
 * base64-encoded); 415 for another content type; 413 for a body (after gunzip) over {@code
 * mantissa.server.max-body-bytes}.
 */
final class OtlpReceiver {
  static final String JSON_TYPE = "application/json";
  static final String PROTOBUF_TYPE = "application/x-protobuf";
  private static final int INVALID_ARGUMENT = 3;

  private final Installation installation;
  private final ObjectMapper mapper = JsonMapper.builder().build();

  OtlpReceiver(Installation installation) {
    this.installation = Objects.requireNonNull(installation, "installation");
  }

  /** Adds the two routes to {@code app}, each behind {@code authenticate}. */
  void routes(Javalin app, Handler authenticate) {
    app.before("/v1/*", authenticate);
    app.post("/v1/traces", ctx -> receive(ctx, ApmEvents.TRACES));
    app.post("/v1/metrics", ctx -> receive(ctx, ApmEvents.METRICS));
  }

  private void receive(Context ctx, String source) throws IOException {
    String type = mediaType(ctx.contentType());
    boolean protobuf = PROTOBUF_TYPE.equals(type);
    if (!protobuf && !JSON_TYPE.equals(type)) {
      ctx.status(415)
          .contentType(JSON_TYPE)
          .result(
              status(
                  INVALID_ARGUMENT,
                  "Content-Type must be "
                      + JSON_TYPE
                      + " or "
                      + PROTOBUF_TYPE
                      + ", was "
                      + (type.isEmpty() ? "none" : type)));
      return;
    }
    byte[] body = read(ctx);
    List<Event> events;
    try {
      events = decode(source, body, protobuf);
    } catch (MantissaException e) {
      if (e.code() != ErrorCode.PARSE_ERROR) {
        throw e;
      }
      String content =
          protobuf
              ? "base64:" + Base64.getEncoder().encodeToString(body)
              : new String(body, StandardCharsets.UTF_8);
      installation
          .eventStore()
          .deadLetters()
          .put(
              List.of(
                  new DeadLetter(
                      source,
                      SourceLocation.line("POST " + ctx.path(), 1),
                      e.getMessage(),
                      content,
                      installation.clock().instant())));
      if (protobuf) {
        ctx.status(400)
            .contentType(PROTOBUF_TYPE)
            .result(OtlpProtobuf.status(INVALID_ARGUMENT, e.getMessage()));
      } else {
        ctx.status(400).contentType(JSON_TYPE).result(status(INVALID_ARGUMENT, e.getMessage()));
      }
      return;
    }
    if (!events.isEmpty()) {
      installation.eventStore().append(source, events);
    }
    if (protobuf) {
      ctx.status(200).contentType(PROTOBUF_TYPE).result(new byte[0]);
    } else {
      ctx.status(200).contentType(JSON_TYPE).result("{}");
    }
  }

  private static List<Event> decode(String source, byte[] body, boolean protobuf) {
    if (source.equals(ApmEvents.TRACES)) {
      return ApmEvents.ofSpans(
          protobuf
              ? OtlpProtobuf.traces(body)
              : OtlpJson.traces(new String(body, StandardCharsets.UTF_8)));
    }
    return ApmEvents.ofPoints(
        protobuf
            ? OtlpProtobuf.metrics(body)
            : OtlpJson.metrics(new String(body, StandardCharsets.UTF_8)));
  }

  /** The body, gunzipped when the request says so, at most the configured size either way. */
  private byte[] read(Context ctx) throws IOException {
    long max = installation.config().maxBodyBytes();
    if (ctx.req().getContentLengthLong() > max) {
      throw LimitedInputStream.tooLarge(max);
    }
    String encoding = ctx.header("Content-Encoding");
    try (InputStream raw = new LimitedInputStream(ctx.req().getInputStream(), max)) {
      if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
        return raw.readAllBytes();
      }
      if (!encoding.equalsIgnoreCase("gzip")) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "Content-Encoding " + encoding + " is not supported; send gzip or none");
      }
      try (InputStream unzipped = new LimitedInputStream(new GZIPInputStream(raw), max)) {
        return unzipped.readAllBytes();
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT, "the request body is not valid gzip: " + e.getMessage(), e);
      }
    } catch (UncheckedIOException e) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "could not read the request body: " + e.getMessage(), e);
    }
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private String status(int code, String message) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    return mapper.writeValueAsString(body);
  }
}
