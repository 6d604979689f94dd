package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.spi.alert.AlertSink;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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

  @Property(tries = 300)
  void plantedSecretsNeverReachTheSinkPayload(
      @ForAll("secrets") Planted secret,
      @ForAll("prose") String before,
      @ForAll("prose") String after) {
    RecordingSink sink = new RecordingSink("webhook");
    AlertSink wrapped = Redactor.wrap(sink, RedactionPolicy.standard());
    String text = before + " " + secret.text() + " " + after;
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

    wrapped.deliver(alert, "key-1");

    RecordingSink.Call call = sink.calls().get(0);
    assertThat(call.alert().title()).doesNotContain(secret.core());
    assertThat(String.valueOf(call.alert().enrichment())).doesNotContain(secret.core());
    assertThat(call.payload()).doesNotContain(secret.core());
    String escaped = Json.write(Json.value(secret.core()));
    assertThat(call.payload()).doesNotContain(escaped.substring(1, escaped.length() - 1));
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
        .filter(s -> !s.matches(".*(^| )[0-9]+ [0-9]+ [0-9]+( |$).*"));
  }

  @Provide
  Arbitrary<Planted> secrets() {
    return Arbitraries.oneOf(
        awsKeyIds(),
        jwts(),
        bearers(),
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
