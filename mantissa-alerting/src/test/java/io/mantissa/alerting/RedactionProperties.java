package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Secrets planted in an alert's title and enrichment never reach a sink's payload; ordinary text
 * passes unchanged.
 */
class RedactionProperties {

  /** A secret as planted, and the part of it that must not leak. */
  record Planted(String text, String core) {}

  /** Every vendor format a sink renders, for one alert. */
  private static List<String> payloads(Alert a) {
    return List.of(
        Json.write(Json.alert(a)), // the webhook's "alert" object
        Json.write(SlackSink.message(a)),
        Json.write(PAGERDUTY.event(a)),
        Json.write(TEAMS.message(a)),
        Json.write(JIRA.issue(a)),
        Json.write(SERVICENOW.incident(a)),
        EmailSink.text(a),
        EmailSink.html(a),
        Json.write(SES.request(a)));
  }

  private static final PagerDutySink PAGERDUTY =
      PagerDutySink.builder().routingKey(io.mantissa.api.config.Secret.of("k")).build();
  private static final TeamsSink TEAMS =
      TeamsSink.builder()
          .webhookUrl(io.mantissa.api.config.Secret.of("https://teams.example.com/hook"))
          .build();
  private static final JiraSink JIRA =
      JiraSink.builder()
          .url("https://acme.atlassian.net")
          .email("bot@example.com")
          .apiToken(io.mantissa.api.config.Secret.of("t"))
          .projectKey("SEC")
          .build();
  private static final ServiceNowSink SERVICENOW =
      ServiceNowSink.builder()
          .url("https://acme.service-now.com")
          .user("bot")
          .password(io.mantissa.api.config.Secret.of("p"))
          .build();
  private static final SesSink SES =
      SesSink.builder()
          .region("eu-west-1")
          .credentials("AKIAIOSFODNN7EXAMPLE", io.mantissa.api.config.Secret.of("s"))
          .from("siem@example.com")
          .to("soc@example.com")
          .build();

  /**
   * A secret planted in an alert's title and enrichment goes through the outbox (which redacts with
   * the sink's policy) and appears in none of the payloads the sinks would send, in any vendor
   * format; the prose around it does.
   */
  @Property(tries = 300)
  void plantedSecretsNeverReachTheSinkPayload(
      @ForAll("secrets") Planted secret,
      @ForAll("prose") String before,
      @ForAll("prose") String after,
      @ForAll("separators") String separator) {
    MutableClock clock = MutableClock.create();
    RecordingSink sink = new RecordingSink("capture");
    Outbox outbox =
        Outbox.builder()
            .stateStore(new InMemoryStateStore(clock))
            .clock(clock)
            .random(new Random(1))
            .sink(sink, RedactionPolicy.standard())
            .build();
    String text = before + separator + secret.text() + separator + after;
    Alert alert =
        Alert.builder()
            .id("a1")
            .ruleId("rule-1")
            .title(text)
            .severity(Severity.HIGH)
            .time(Instant.EPOCH)
            .entity(Entity.user("svc-deploy"))
            .enrichment("note", text)
            .enrichment("nested", Map.of("lines", List.of("x", text)))
            .build();

    outbox.enqueue(alert, "capture", "a1/capture");
    outbox.deliverDue();

    Alert delivered = sink.calls().get(0).alert();
    String escaped = Json.write(Json.value(secret.core()));
    String jsonCore = escaped.substring(1, escaped.length() - 1);
    for (String payload : payloads(delivered)) {
      assertThat(payload).doesNotContain(secret.core()).doesNotContain(jsonCore);
    }
    if (!separator.equals(" ")) {
      // with a bare space, a number after a phone number may be taken as part of it
      assertThat(EmailSink.text(delivered)).contains(before).contains(after);
    }
  }

  @Provide
  Arbitrary<String> separators() {
    return Arbitraries.of(" ", ", ", "\n", "; ", " | ", "\t");
  }

  @Property(tries = 200)
  void ordinaryTextSurvivesUnchanged(@ForAll("prose") String text) {
    assertThat(Redactor.of(RedactionPolicy.all()).redact(text)).isEqualTo(text);
  }

  @Property(tries = 200)
  void nonSecretsAroundASecretSurvive(
      @ForAll("secrets") Planted secret,
      @ForAll("prose") String before,
      @ForAll("prose") String after) {
    String redacted =
        Redactor.of(RedactionPolicy.standard())
            .redact(before + ", " + secret.text() + ", " + after);
    assertThat(redacted).startsWith(before + ", ").endsWith(", " + after).contains("[REDACTED:");
  }

  @Property(tries = 100)
  void cardNumbersFailingLuhnSurvive(@ForAll("nonLuhnCards") String digits) {
    assertThat(Redactor.of(RedactionPolicy.standard()).redact("order " + digits))
        .isEqualTo("order " + digits);
  }

  @Provide
  Arbitrary<String> prose() {
    Arbitrary<String> word =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(10)
            .filter(w -> !w.equals("bearer"));
    Arbitrary<String> number = Arbitraries.integers().between(0, 99_999).map(String::valueOf);
    Arbitrary<String> host =
        Combinators.combine(word, Arbitraries.integers().between(1, 99))
            .as((w, n) -> w + "-" + n + ".example.internal");
    Arbitrary<String> timestamp =
        Arbitraries.longs()
            .between(0, 4_000_000_000L)
            .map(s -> Instant.ofEpochSecond(s).toString());
    return Arbitraries.oneOf(word, word, word, number, host, timestamp)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(ws -> String.join(" ", ws))
        // three numbers in a row ("415 555 2671") are a phone number, not ordinary text
        .filter(s -> !s.matches(".*(^| )[0-9]+ [0-9]+ [0-9].*"));
  }

  @Provide
  Arbitrary<Planted> secrets() {
    return Arbitraries.oneOf(
        awsKeyIds(),
        jwts(),
        bearers(),
        basicAuth(),
        keyValues(),
        privateKeys(),
        emails(),
        ssns(),
        cards(),
        phones());
  }

  private static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings()
        .withChars(alphabet.toCharArray())
        .ofMinLength(min)
        .ofMaxLength(max);
  }

  private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String B64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private Arbitrary<Planted> awsKeyIds() {
    return Combinators.combine(Arbitraries.of("AKIA", "ASIA"), chars(UPPER_DIGITS, 16, 16))
        .as((p, s) -> new Planted(p + s, p + s));
  }

  private Arbitrary<Planted> jwts() {
    return Combinators.combine(chars(B64URL, 10, 40), chars(B64URL, 10, 60), chars(B64URL, 20, 43))
        .as(
            (h, p, s) -> {
              String jwt = "eyJ" + h + ".eyJ" + p + "." + s;
              return new Planted(jwt, p);
            });
  }

  private Arbitrary<Planted> bearers() {
    return Combinators.combine(
            Arbitraries.of("Bearer ", "bearer ", "Authorization: Bearer "),
            chars(B64URL + ".~", 20, 60))
        .as((prefix, t) -> new Planted(prefix + t, t));
  }

  private Arbitrary<Planted> basicAuth() {
    return Combinators.combine(
            Arbitraries.of(
                "Authorization: Basic ", "authorization=Basic ", "Proxy-Authorization: Basic "),
            chars("abcdefghijklmnopqrstuvwxyz0123456789", 3, 12),
            chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%", 6, 20))
        .as(
            (prefix, user, password) -> {
              String b64 =
                  Base64.getEncoder()
                      .encodeToString(
                          (user + ":" + password)
                              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
              return new Planted(prefix + b64, b64);
            });
  }

  private Arbitrary<Planted> keyValues() {
    return Combinators.combine(
            Arbitraries.of(
                "password", "token", "api_key", "secret", "client_secret", "DB_PASSWORD", "apiKey"),
            Arbitraries.of("=", ": ", " = ", "=\"", "\": \""),
            chars(UPPER_DIGITS + "abcdefghijklmnopqrstuvwxyz!#$%^*+/-_", 8, 30))
        .as(
            (k, sep, v) -> {
              boolean quoted = sep.endsWith("\"");
              String key = sep.startsWith("\"") ? "\"" + k : k;
              return new Planted(key + sep + v + (quoted ? "\"" : ""), v);
            });
  }

  private Arbitrary<Planted> privateKeys() {
    return Combinators.combine(
            Arbitraries.of("RSA ", "EC ", "OPENSSH ", ""),
            Arbitraries.bytes().array(byte[].class).ofMinSize(24).ofMaxSize(120))
        .as(
            (kind, bytes) -> {
              String body =
                  Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                      .encodeToString(bytes);
              String block =
                  "-----BEGIN "
                      + kind
                      + "PRIVATE KEY-----\n"
                      + body
                      + "\n-----END "
                      + kind
                      + "PRIVATE KEY-----";
              return new Planted(block, body);
            });
  }

  private Arbitrary<Planted> emails() {
    Arbitrary<String> label = chars("abcdefghijklmnopqrstuvwxyz0123456789", 1, 12);
    return Combinators.combine(
            chars("abcdefghijklmnopqrstuvwxyz0123456789._+-", 1, 20)
                .filter(s -> Character.isLetterOrDigit(s.charAt(0))),
            label,
            Arbitraries.of("com", "org", "io", "co.uk", "example"))
        .as(
            (local, domain, tld) ->
                new Planted(local + "@" + domain + "." + tld, local + "@" + domain));
  }

  private Arbitrary<Planted> ssns() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 899).filter(a -> a != 666),
            Arbitraries.integers().between(1, 99),
            Arbitraries.integers().between(1, 9999))
        .as(
            (a, g, s) -> {
              String ssn = String.format("%03d-%02d-%04d", a, g, s);
              return new Planted(ssn, ssn);
            });
  }

  private Arbitrary<Planted> cards() {
    return Combinators.combine(
            Arbitraries.of("4", "51", "55", "34", "37", "6011"),
            Arbitraries.integers().between(13, 19),
            Arbitraries.strings().numeric().ofLength(19),
            Arbitraries.of("", " ", "-"))
        .as(
            (prefix, len, fill, sep) -> {
              String body = (prefix + fill).substring(0, len - 1);
              String digits = body + luhnDigit(body);
              StringBuilder grouped = new StringBuilder();
              for (int i = 0; i < digits.length(); i++) {
                if (i > 0 && i % 4 == 0) {
                  grouped.append(sep);
                }
                grouped.append(digits.charAt(i));
              }
              return new Planted(grouped.toString(), grouped.toString());
            });
  }

  private Arbitrary<Planted> phones() {
    Arbitrary<Planted> nanp =
        Combinators.combine(
                Arbitraries.integers().between(200, 999),
                Arbitraries.integers().between(200, 999),
                Arbitraries.integers().between(0, 9999),
                Arbitraries.of("+1 %d-%d-%04d", "(%d) %d-%04d", "%d.%d.%04d", "1-%d-%d-%04d"))
            .as(
                (a, b, c, fmt) -> {
                  String p = String.format(fmt, a, b, c);
                  return new Planted(p, p);
                });
    Arbitrary<Planted> e164 =
        Combinators.combine(
                Arbitraries.integers().between(1, 9),
                Arbitraries.strings().numeric().ofMinLength(8).ofMaxLength(13))
            .as((cc, rest) -> new Planted("+" + cc + rest, "+" + cc + rest));
    return Arbitraries.oneOf(nanp, e164);
  }

  @Provide
  Arbitrary<String> nonLuhnCards() {
    return Arbitraries.strings()
        .numeric()
        .ofMinLength(13)
        .ofMaxLength(19)
        .filter(d -> !Redactor.luhn(d));
  }

  private static int luhnDigit(String body) {
    for (int d = 0; d <= 9; d++) {
      if (Redactor.luhn(body + d)) {
        return d;
      }
    }
    throw new IllegalStateException();
  }
}
