package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push receiver with the real ingest path ({@link NdjsonIngestor}, the built-in parsers, a
 * local lake and its dead letters), fed the bodies kube-apiserver's audit webhook backend and Jamf
 * Pro webhooks send.
 */
class PushReceiverIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Event> appended = new ArrayList<>();
  private CapturingStore store;

  @BeforeEach
  void open() {
    store = new CapturingStore(LocalEventStore.open(dir.resolve("data"), clock), appended);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private PushReceiver.Builder receiver(String source) {
    ProviderContext context =
        new ProviderContext(
            MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
    NdjsonIngestor ingestor = NdjsonIngestor.builder(store).clock(clock).build();
    return PushReceiver.builder(source)
        .clock(clock)
        .deadLetters(store.deadLetters())
        .ingest(
            (in, origin) ->
                ingestor.ingest(SourceCatalog.builtIn().parser(source, context), in, origin));
  }

  static Function<String, Optional<String>> headers(String... pairs) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      h.put(pairs[i], pairs[i + 1]);
    }
    return name -> Optional.ofNullable(h.get(name));
  }

  static ByteArrayInputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static String auditEvent(String id, String received, String verb) {
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
        + "\"auditID\":\""
        + id
        + "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/namespaces/default/secrets/db\","
        + "\"verb\":\""
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

  static String eventList(String... items) {
    return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},"
        + "\"items\":["
        + String.join(",", items)
        + "]}";
  }

  @Test
  void aKubernetesEventListIsSplitIntoEventsWithBadItemsDeadLettered() {
    PushReceiver r = receiver("kubernetes").auth(new PushAuth.Bearer(Secret.of("k8s-tok"))).build();
    String batch =
        eventList(
            auditEvent("a1", "2026-03-01T10:00:00.000000Z", "get"),
            auditEvent("a2", "2026-03-01T10:00:01.000000Z", "delete"),
            "{\"kind\":\"Event\",\"auditID\":\"a3\",\"requestReceivedTimestamp\":\"never\"}");
    PushReceiver.Response denied = r.receive(headers("Authorization", "Bearer wrong"), body(batch));
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"mantissa\"");
    assertThat(appended).isEmpty();

    PushReceiver.Response ok =
        r.receive(
            headers("authorization", "Bearer k8s-tok", "Content-Type", "application/json"),
            body(batch));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).contains("\"accepted\":2").contains("\"rejected\":1");
    assertThat(appended.stream().map(Event::id)).containsExactly("a1", "a2");
    assertThat(appended.get(0).time()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(appended.get(0).normalizedField(FieldPath.of("actor.user.name")))
        .isEqualTo("alice@example.com");
    assertThat(store.deadLetters().list("kubernetes", 5))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("never"));
  }

  @Test
  void oversizedGarbageAndStoreFailuresGetTheStatusesTheSenderActsOn() {
    PushReceiver small =
        receiver("kubernetes").auth(new PushAuth.Bearer(Secret.of("t"))).maxBodyBytes(100).build();
    String batch = eventList(auditEvent("a1", "2026-03-01T10:00:00Z", "get"));
    assertThat(small.receive(headers("Authorization", "Bearer t"), body(batch)).status())
        .isEqualTo(413);
    PushReceiver r = receiver("kubernetes").auth(new PushAuth.Bearer(Secret.of("t"))).build();
    PushReceiver.Response garbage =
        r.receive(headers("Authorization", "Bearer t"), body("{\"kind\":\"Status\"}"));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.body()).contains("EventList");
    assertThat(store.deadLetters().list("kubernetes", 5))
        .singleElement()
        .satisfies(d -> assertThat(d.content()).isEqualTo("{\"kind\":\"Status\"}"));
    PushReceiver failing =
        PushReceiver.builder("kubernetes")
            .auth(new PushAuth.Bearer(Secret.of("t")))
            .deadLetters(store.deadLetters())
            .ingest(
                (in, origin) -> {
                  throw new MantissaException(ErrorCode.STORAGE_FAILURE, "disk full");
                })
            .build();
    PushReceiver.Response retry =
        failing.receive(headers("Authorization", "Bearer t"), body(batch));
    assertThat(retry.status()).isEqualTo(503);
    assertThat(retry.headers()).containsEntry("Retry-After", "30");
    assertThat(appended).isEmpty();
  }

  static String jamf(String event, long epochMillis) {
    return "{\"webhook\":{\"id\":7,\"name\":\"mantissa\",\"webhookEvent\":\""
        + event
        + "\",\"eventTimestamp\":"
        + epochMillis
        + "},\"event\":{\"udid\":\"1A2B3C4D-0000-1111-2222-333344445555\",\"deviceName\":"
        + "\"alice-mbp\",\"model\":\"MacBook Pro\",\"serialNumber\":\"C02XK0AAJG5H\","
        + "\"username\":\"alice\",\"realName\":\"Alice\",\"emailAddress\":\"alice@example.com\","
        + "\"osVersion\":\"15.3\",\"ipAddress\":\"198.51.100.60\",\"jssID\":42,"
        + "\"managed\":true}}";
  }

  @Test
  void jamfWebhooksWithHeaderOrBasicAuthAreOneRecordEachAndXmlIsRefused() {
    long at = Instant.parse("2026-03-01T10:30:00Z").toEpochMilli();
    PushReceiver header =
        receiver("jamf_pro")
            .auth(new PushAuth.SharedSecretHeader("X-Jamf-Secret", Secret.of("s3cret")))
            .build();
    assertThat(header.receive(headers(), body(jamf("ComputerAdded", at))).status()).isEqualTo(401);
    assertThat(
            header
                .receive(headers("x-jamf-secret", "s3cret"), body(jamf("ComputerAdded", at)))
                .status())
        .isEqualTo(200);
    PushReceiver basic =
        receiver("jamf_pro").auth(new PushAuth.Basic("jamf", Secret.of("pa:ss"))).build();
    String credentials =
        Base64.getEncoder().encodeToString("jamf:pa:ss".getBytes(StandardCharsets.UTF_8));
    PushReceiver.Response ok =
        basic.receive(
            headers("Authorization", "Basic " + credentials),
            body(jamf("ComputerCheckIn", at + 1000)));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).contains("\"accepted\":1").contains("\"rejected\":0");
    assertThat(appended).hasSize(2);
    assertThat(appended.get(1).time()).isEqualTo(Instant.parse("2026-03-01T10:30:01Z"));
    assertThat(appended.get(1).field(FieldPath.of("webhook.webhookEvent")))
        .isEqualTo("ComputerCheckIn");
    assertThat(
            basic
                .receive(
                    headers("Authorization", "Basic " + credentials, "Content-Type", "text/xml"),
                    body("<webhookEvent><webhook><id>7</id></webhook></webhookEvent>"))
                .status())
        .isEqualTo(415);
    assertThat(store.deadLetters().list("jamf_pro", 5)).hasSize(1);
  }

  @Test
  void settingsChooseTheCredentialAndNeverShowIt() {
    PushReceiver r =
        receiver("kubernetes")
            .settings(Map.of("auth", "bearer", "token", "tok-123", "max-body-bytes", "2048"))
            .build();
    assertThat(r.maxBodyBytes()).isEqualTo(2048);
    assertThat(r.authorized(headers("Authorization", "Bearer tok-123"))).isTrue();
    assertThat(r.toString()).doesNotContain("tok-123");
    assertThatThrownBy(() -> receiver("kubernetes").settings(Map.of()))
        .hasMessageContaining("kubernetes-push: auth");
    assertThatThrownBy(
            () -> receiver("jamf_pro").settings(Map.of("auth", "basic", "password", "pw-9")))
        .hasMessageContaining("username is required")
        .hasMessageNotContaining("pw-9");
    assertThatThrownBy(() -> PushReceiver.builder("okta"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("no push format");
    assertThatThrownBy(() -> receiver("kubernetes").build()).hasMessageContaining("credential");
  }
}
