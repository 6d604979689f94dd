package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/push/{source}} on the real server over a real local lake: the bodies
 * kube-apiserver's audit webhook backend and Jamf Pro webhooks send, their credentials checked by
 * the receivers (not the API keys), events queryable through {@code POST /api/v1/query}.
 */
class PushApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "api-key-1";

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private Installation installation;
  private ApiServer server;

  private MantissaConfig.Builder config() {
    return MantissaConfig.builder()
        .dataDir(dataDir)
        .serverPort(0)
        .apiKey(Secret.of(API_KEY))
        .providerSetting("kubernetes-push", "auth", "bearer")
        .providerSetting("kubernetes-push", "token", "k8s-token-1");
  }

  private void start(MantissaConfig config) {
    installation = Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC));
    server = new ApiServer(installation, "test").start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (installation != null) {
      installation.close();
    }
  }

  static String auditEvent(String id, String received, String verb) {
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
        + "\"auditID\":\""
        + id
        + "\",\"stage\":\"ResponseComplete\","
        + "\"requestURI\":\"/api/v1/namespaces/default/secrets/db\",\"verb\":\""
        + verb
        + "\",\"user\":{\"username\":\"alice@example.com\",\"groups\":[\"system:authenticated\"]},"
        + "\"sourceIPs\":[\"198.51.100.50\"],\"userAgent\":\"kubectl/v1.31.0\",\"objectRef\":{"
        + "\"resource\":\"secrets\",\"namespace\":\"default\",\"name\":\"db\",\"apiVersion\":\"v1\"},"
        + "\"responseStatus\":{\"metadata\":{},\"code\":200},\"requestReceivedTimestamp\":\""
        + received
        + "\",\"stageTimestamp\":\""
        + received
        + "\",\"annotations\":{\"authorization.k8s.io/decision\":\"allow\"}}";
  }

  /** An {@code audit.k8s.io/v1 EventList} as kube-apiserver's webhook backend POSTs it. */
  static String eventList(String... items) {
    return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},"
        + "\"items\":["
        + String.join(",", items)
        + "]}";
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> kubernetesIds() throws Exception {
    HttpResponse<String> r =
        post(
            "/api/v1/query",
            "{\"sql\":\"SELECT id FROM events WHERE source = 'kubernetes' ORDER BY id\",\"last\":\"24h\"}",
            "Authorization",
            "Bearer " + API_KEY,
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> ids = new java.util.ArrayList<>();
    JSON.readTree(r.body()).get("rows").forEach(row -> ids.add(row.get(0).asText()));
    return ids;
  }

  @Test
  void anEventListIsStoredQueryableAndItsBadItemKeptAsADeadLetter() throws Exception {
    start(config().build());
    assertThat(server.pushSources()).containsExactly("kubernetes");
    String batch =
        eventList(
            auditEvent("a1", "2026-03-01T10:00:00.000000Z", "get"),
            auditEvent("a2", "2026-03-01T10:00:01.000000Z", "delete"),
            "{\"kind\":\"Event\",\"auditID\":\"a3\",\"requestReceivedTimestamp\":\"never\"}");

    HttpResponse<String> r =
        post(
            "/api/v1/push/kubernetes",
            batch,
            "Authorization",
            "Bearer k8s-token-1",
            "Content-Type",
            "application/json");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("source").asText()).isEqualTo("kubernetes");
    assertThat(body.get("accepted").asLong()).isEqualTo(2);
    assertThat(body.get("rejected").asLong()).isEqualTo(1);
    assertThat(kubernetesIds()).containsExactly("a1", "a2");
    List<DeadLetter> dead = installation.eventStore().deadLetters().list("kubernetes", 10);
    assertThat(dead).singleElement().satisfies(d -> assertThat(d.reason()).contains("never"));
  }

  @Test
  void aWrongOrMissingCredentialIs401EvenWithAnApiKeyAndNothingIsStored() throws Exception {
    start(config().build());
    String batch = eventList(auditEvent("b1", "2026-03-01T10:00:00Z", "get"));

    HttpResponse<String> wrong =
        post("/api/v1/push/kubernetes", batch, "Authorization", "Bearer not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"mantissa\"");
    assertThat(JSON.readTree(wrong.body()).get("error").asText()).contains("credential");

    // the API key opens /api, not the push receiver: kube-apiserver's token is what counts
    HttpResponse<String> apiKey =
        post("/api/v1/push/kubernetes", batch, "Authorization", "Bearer " + API_KEY);
    assertThat(apiKey.statusCode()).isEqualTo(401);
    HttpResponse<String> none = post("/api/v1/push/kubernetes", batch);
    assertThat(none.statusCode()).isEqualTo(401);

    assertThat(kubernetesIds()).isEmpty();
    assertThat(installation.eventStore().deadLetters().list("kubernetes", 10)).isEmpty();
  }

  @Test
  void theOtherApiRoutesStayClosedAndUnknownSourcesAre404() throws Exception {
    start(config().build());
    // the receiver's token does not open the rest of the API
    HttpResponse<String> query =
        post(
            "/api/v1/query",
            "{\"sql\":\"SELECT 1\"}",
            "Authorization",
            "Bearer k8s-token-1",
            "Content-Type",
            "application/json");
    assertThat(query.statusCode()).isEqualTo(401);
    HttpResponse<String> ingest =
        post("/api/v1/ingest/kubernetes", auditEvent("c1", "2026-03-01T10:00:00Z", "get"));
    assertThat(ingest.statusCode()).isEqualTo(401);

    for (String source : List.of("okta", "jamf_pro")) {
      HttpResponse<String> r =
          post("/api/v1/push/" + source, "{}", "Authorization", "Bearer k8s-token-1");
      assertThat(r.statusCode()).as(source).isEqualTo(404);
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("NOT_FOUND");
      assertThat(error.get("message").asText()).contains("no push receiver for '" + source + "'");
    }
  }

  @Test
  void jamfProWebhooksWithBasicAuthAndBodiesOverTheLimit() throws Exception {
    start(
        config()
            .providerSetting("jamf_pro_push", "auth", "basic")
            .providerSetting("jamf_pro_push", "username", "jamf")
            .providerSetting("jamf_pro_push", "password", "jamf-pass-1")
            .providerSetting("kubernetes-push", "max-body-bytes", "200")
            .build());
    assertThat(server.pushSources()).containsExactly("kubernetes", "jamf_pro");
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("jamf:jamf-pass-1".getBytes(StandardCharsets.UTF_8));
    String webhook =
        "{\"webhook\":{\"id\":7,\"name\":\"computer checkin\",\"webhookEvent\":\"ComputerCheckIn\","
            + "\"eventTimestamp\":"
            + Instant.parse("2026-03-01T10:30:00Z").toEpochMilli()
            + "},\"event\":{\"computer\":{\"serialNumber\":\"C02X\","
            + "\"username\":\"bob\"}}}";

    HttpResponse<String> ok =
        post(
            "/api/v1/push/jamf_pro",
            webhook,
            "Authorization",
            basic,
            "Content-Type",
            "application/json");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("source").asText()).isEqualTo("jamf_pro");
    assertThat(JSON.readTree(ok.body()).get("accepted").asLong()).isEqualTo(1);

    HttpResponse<String> xml =
        post(
            "/api/v1/push/jamf_pro",
            "<webhook/>",
            "Authorization",
            basic,
            "Content-Type",
            "text/xml");
    assertThat(xml.statusCode()).isEqualTo(415);

    String big =
        eventList(
            auditEvent("d1", "2026-03-01T10:00:00Z", "get"),
            auditEvent("d2", "2026-03-01T10:00:01Z", "get"));
    HttpResponse<String> tooLarge =
        post("/api/v1/push/kubernetes", big, "Authorization", "Bearer k8s-token-1");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(kubernetesIds()).isEmpty();
  }

  @Test
  void aReceiverWithoutItsCredentialStopsTheStartNamingTheKey() {
    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(dataDir)
            .serverPort(0)
            .providerSetting("kubernetes-push", "auth", "bearer")
            .build();
    installation = Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> new ApiServer(installation, "test").start())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("kubernetes-push: token is required")
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }
}
